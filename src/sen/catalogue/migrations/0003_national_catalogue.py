from django.db import migrations


def load(apps, schema_editor):
    from sen.catalogue.loader import load_catalogue

    load_catalogue(apps.get_model("catalogue", "Profile"), apps.get_model("catalogue", "Elective"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
