from tests.access.spec import NOBODY, SIGNED_IN, Url

URLS = [
    Url("core:home", SIGNED_IN),
    Url("core:ping", SIGNED_IN, public=True),
    Url("core:healthz", SIGNED_IN, public=True),
    # The demo mailbox exists only in demo mode; the tests run in test mode.
    # Without login in demo mode (to follow an invitation before having an account),
    # so outside demo mode anonymous visitors get the same 404 as everyone.
    Url("core:demo_mailbox", NOBODY, extra={"anonymous_status": (404,)}),
    Url(
        "core:demo_mail_message",
        NOBODY,
        kwargs=lambda w: {"pk": 1},
        extra={"anonymous_status": (404,)},
    ),
    Url(
        "set_language",
        SIGNED_IN,
        method="post",
        data=lambda w: {"language": "en"},
        ok_status=(302,),
        public=True,
    ),
]
