from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("placements", "0003_placement_terms")]

    operations = [
        migrations.AlterField(
            model_name="placement",
            name="starts_on",
            field=models.DateField(verbose_name="first day"),
        ),
        migrations.AlterField(
            model_name="placement",
            name="ends_on",
            field=models.DateField(verbose_name="last day"),
        ),
    ]
