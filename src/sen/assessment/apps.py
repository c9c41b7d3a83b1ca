from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "sen.assessment"
    label = "assessment"
    verbose_name = "Assessment"
