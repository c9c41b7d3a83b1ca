from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sen.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from sen.audit.guard import register_sqlite_guard

        connection_created.connect(register_sqlite_guard, dispatch_uid="sen_audit_guard")
