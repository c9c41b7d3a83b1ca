from django.db import migrations

from sen.audit.guard import install, uninstall


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(install, uninstall)]
