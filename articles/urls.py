from django.urls import path

from . import preview, reader_state, views
from .feeds import ArticleFeed, AuthorFeed, SectionFeed, TagFeed, feed_view

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/lecteur/", reader_state.reader_state, name="reader_state"),
    path("rubrique/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("mot-cle/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("auteurs/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("apercu/<int:pk>/<str:token>/", preview.SharedPreviewView.as_view(), name="preview"),
    # Feeds: RSS 2.0 and Atom; ?complet=1 adds the full text of each article.
    path("flux/rss/", feed_view(ArticleFeed), name="feed_rss"),
    path("flux/atom/", feed_view(ArticleFeed, atom=True), name="feed_atom"),
    path("rubrique/<slug:slug>/rss/", feed_view(SectionFeed), name="section_feed_rss"),
    path("rubrique/<slug:slug>/atom/", feed_view(SectionFeed, atom=True), name="section_feed_atom"),
    path("mot-cle/<slug:slug>/rss/", feed_view(TagFeed), name="tag_feed_rss"),
    path("mot-cle/<slug:slug>/atom/", feed_view(TagFeed, atom=True), name="tag_feed_atom"),
    path("auteurs/<slug:slug>/rss/", feed_view(AuthorFeed), name="author_feed_rss"),
    path("auteurs/<slug:slug>/atom/", feed_view(AuthorFeed, atom=True), name="author_feed_atom"),
]
