"""Walk the network's access matrix (tests/access/matrix/network.py) as every world actor.

The project-wide walk does the same for all apps; this one keeps the network's
entries honest while the network is developed on its own.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.access.matrix.network import URLS
from tests.access.spec import ACTORS


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS, ids=[u.name for u in URLS])
def test_network_url_answers_each_actor_as_the_matrix_says(world, login, url) -> None:  # type: ignore[no-untyped-def]
    wrong = []
    for name in ACTORS:
        client = login(world.actor(name))
        path = reverse(url.name, kwargs=url.kwargs(world))

        response = getattr(client, url.method)(path, data=url.data(world))

        expected = url.ok_status if name in url.allowed else url.denied_status
        if response.status_code not in expected:
            wrong.append((name, response.status_code))
        elif name in url.allowed:
            content = response.content.decode()
            wrong.extend((name, text) for text in url.shows(world) if text not in content)
        client.logout()
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS, ids=[u.name for u in URLS])
def test_network_url_sends_anonymous_visitors_to_login(world, url) -> None:  # type: ignore[no-untyped-def]
    path = reverse(url.name, kwargs=url.kwargs(world))

    response = getattr(Client(), url.method)(path, data=url.data(world))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
