from django.db import migrations

from sen.audit.guard import harden, unharden


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only")]
    operations = [migrations.RunPython(harden, unharden)]
