from django.db import migrations


def add_first_item(apps, schema_editor):
    apps.get_model("items", "Item").objects.create(pk=1, name="First item")


class Migration(migrations.Migration):
    dependencies = [("items", "0001_initial")]

    operations = [migrations.RunPython(add_first_item, migrations.RunPython.noop)]
