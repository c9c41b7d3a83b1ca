from sen.agreements.urls_documents import urlpatterns as documents_urlpatterns
from sen.agreements.urls_signing import urlpatterns as signing_urlpatterns

app_name = "agreements"
urlpatterns = [*documents_urlpatterns, *signing_urlpatterns]
