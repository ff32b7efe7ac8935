from django.urls import path

from . import preview, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("rubrique/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("mot-cle/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("apercu/<int:pk>/<str:token>/", preview.SharedPreviewView.as_view(), name="preview"),
]
