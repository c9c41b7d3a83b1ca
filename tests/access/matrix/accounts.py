from tests.access.spec import SIGNED_IN, Url

URLS = [
    # Signed-in visitors of the login page are sent home.
    Url("accounts:login", SIGNED_IN, ok_status=(200, 302), public=True),
    Url("accounts:logout", SIGNED_IN, method="post", ok_status=(302,), public=True),
    # Switching to a membership that is not yours is a 404; the walk asks for a foreign one.
    Url("accounts:switch_role", frozenset(), method="post", data=lambda w: {"membership": 0}),
]
