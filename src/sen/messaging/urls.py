"""Messaging, under /messages/: notifications, conversations, a parent's child page,
evaluations and the quality view. No URL edits or deletes a message."""

from django.urls import path

from sen.messaging.views import children, evaluations, notifications, threads

app_name = "messaging"
urlpatterns = [
    # Notifications (Meldingen)
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/badge/", notifications.unread_badge, name="unread_badge"),
    path(
        "notifications/read/", notifications.notifications_read_all, name="notifications_read_all"
    ),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/settings/", notifications.preferences, name="preferences"),
    # Conversations per placement (Gesprekken)
    path("conversations/", threads.threads, name="threads"),
    path("conversations/<int:pk>/", threads.thread, name="thread"),
    path("conversations/<int:pk>/send/", threads.thread_post, name="thread_post"),
    # A parent's page per child
    path("children/<int:pk>/", children.child, name="child"),
    # Evaluations and the quality view
    path("evaluations/", evaluations.evaluations, name="evaluations"),
    path("evaluations/<int:pk>/", evaluations.evaluate, name="evaluate"),
    path("quality/", evaluations.quality, name="quality"),
]
