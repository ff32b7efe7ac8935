"""The demo's pages and legal notice (fictional publisher). `create_demo_content()` may run
again: pages are found by address and brought back to this text, the notice is overwritten."""

from .models import LegalNotice, Page

PAGES = [
    {
        "slug": "a-propos",
        "title": "À propos",
        "footer_position": 1,
        "seo_description": "Qui fait Le Magazine, comment il est financé et ce qu'il s'engage "
                           "à faire pour ses lecteurs.",
        "body": (
            "<p>Le Magazine est un média indépendant consacré à la ville, à la culture, aux "
            "sciences et aux techniques. Il est né en 2019 de l'envie d'une poignée de "
            "journalistes de prendre le temps : celui d'enquêter, de vérifier et d'expliquer.</p>"
            "<h2>Notre ligne éditoriale</h2>"
            "<p>Nous publions peu, mais nous publions juste. Chaque article est relu par une "
            "seconde personne de la rédaction ; chaque chiffre a une source, citée dans le texte "
            "ou en lien. Quand nous nous trompons, nous corrigeons l'article et nous le "
            "disons, en bas de page, avec la date de la correction.</p>"
            "<h2>Notre indépendance</h2>"
            "<p>Le Magazine n'affiche aucune publicité et ne dépose aucun traceur. Il vit des "
            "abonnements de soutien de ses lecteurs et de quelques bourses publiques "
            "d'aide à la presse, dont la liste est publiée chaque année. Aucun actionnaire "
            "ne détient plus de 10 % du capital de la société éditrice.</p>"
            "<h2>La rédaction</h2>"
            "<p>Une équipe de six journalistes permanents, épaulée par une quinzaine de "
            "pigistes, photographes et illustrateurs. Retrouvez-les sur la page "
            "<a href=\"/auteurs/\">La rédaction</a>.</p>"
        ),
    },
    {
        "slug": "contact",
        "title": "Contact",
        "footer_position": 2,
        "seo_description": "Écrire à la rédaction du Magazine, proposer un sujet, signaler une "
                           "erreur.",
        "body": (
            "<p>Une question, une information, une erreur à signaler ? La rédaction lit tous "
            "les messages et répond à chacun, en général sous trois jours ouvrés.</p>"
            "<h2>Écrire à la rédaction</h2>"
            "<ul><li>Par e-mail : <a href=\"mailto:redaction@lemagazine.example\">"
            "redaction@lemagazine.example</a></li>"
            "<li>Par courrier : Le Magazine, 12 rue des Imprimeurs, 69002 Lyon</li>"
            "<li>Par téléphone : 04 78 00 00 00, du lundi au vendredi, de 10 h à 17 h</li></ul>"
            "<h2>Proposer un sujet ou une tribune</h2>"
            "<p>Décrivez votre idée en quelques lignes : de quoi s'agit-il, pourquoi "
            "maintenant, qui pourrait en parler ? Nous ne publions pas de texte déjà paru "
            "ailleurs.</p>"
            "<h2>Signaler une erreur</h2>"
            "<p>Indiquez l'adresse de l'article et le passage en cause. Si l'erreur est "
            "confirmée, l'article est corrigé et la correction signalée en bas de page.</p>"
        ),
    },
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "footer_position": 3,
        "seo_description": "Éditeur, directeur de la publication et hébergeur du Magazine.",
        "body": (
            "<h2>Propriété intellectuelle</h2>"
            "<p>Les textes, photographies et illustrations publiés sur ce site sont protégés "
            "par le droit d'auteur. Toute reproduction, même partielle, demande l'accord "
            "préalable de l'éditeur, sauf les courtes citations mentionnant la source.</p>"
            "<h2>Données personnelles</h2>"
            "<p>Ce que nous gardons de nos lecteurs, et comment l'effacer, est expliqué sur la "
            "page <a href=\"/confidentialite/\">Confidentialité</a>.</p>"
        ),
    },
    {
        "slug": "conditions-utilisation",
        "title": "Conditions d'utilisation",
        "footer_position": 4,
        "seo_description": "Les règles d'utilisation du site du Magazine.",
        "body": (
            "<p>En consultant ce site, vous acceptez les conditions ci-dessous. Elles peuvent "
            "évoluer ; la date de la dernière mise à jour figure en bas de cette page.</p>"
            "<h2>Accès au site</h2>"
            "<p>Le site est accessible gratuitement, sans inscription. L'éditeur s'efforce de "
            "le maintenir disponible, mais peut l'interrompre pour maintenance sans préavis.</p>"
            "<h2>Avis et notes des lecteurs</h2>"
            "<p>Les lecteurs peuvent noter les articles et publier des avis. Chacun reste "
            "responsable de ce qu'il écrit ; les avis sont soumis à la "
            "<a href=\"/charte-des-commentaires/\">charte des commentaires</a>.</p>"
            "<h2>Liens</h2>"
            "<p>Vous pouvez librement faire un lien vers n'importe quelle page du site. Les "
            "sites vers lesquels nous renvoyons n'engagent que leurs éditeurs.</p>"
            "<h2>Droit applicable</h2>"
            "<p>Ces conditions sont régies par le droit français. En cas de litige, et à "
            "défaut d'accord amiable, les tribunaux de Lyon sont compétents.</p>"
        ),
    },
    {
        "slug": "charte-des-commentaires",
        "title": "Charte des commentaires",
        "footer_position": 5,
        "seo_description": "Ce que la rédaction publie, ce qu'elle refuse, et comment elle "
                           "modère les avis des lecteurs.",
        "body": (
            "<p>Les avis des lecteurs prolongent nos articles : ils les complètent, les "
            "contestent, les corrigent parfois. Pour que la discussion reste utile à tous, "
            "la rédaction les modère selon les règles suivantes.</p>"
            "<h2>Ce que nous publions</h2>"
            "<ul><li>Les avis en rapport avec l'article, même en désaccord avec lui ;</li>"
            "<li>les témoignages et les informations complémentaires, sources à l'appui si "
            "possible ;</li><li>les questions à l'auteur ou aux autres lecteurs.</li></ul>"
            "<h2>Ce que nous refusons</h2>"
            "<ul><li>Les insultes, les attaques personnelles et les propos discriminatoires ;</li>"
            "<li>la publicité, les liens sans rapport et les messages répétés ;</li>"
            "<li>les propos illicites : diffamation, incitation à la haine, atteinte à la vie "
            "privée.</li></ul>"
            "<h2>Comment nous modérons</h2>"
            "<p>Le premier avis d'un lecteur est relu avant publication ; les suivants paraissent "
            "aussitôt une fois un avis approuvé. Un avis publié peut être retiré s'il enfreint "
            "cette charte. Vous pouvez effacer vos avis à tout moment, comme l'explique la page "
            "<a href=\"/confidentialite/\">Confidentialité</a>.</p>"
        ),
    },
]

LEGAL_NOTICE = {
    "publisher_name": "Le Magazine SAS",
    "legal_form": "Société par actions simplifiée",
    "share_capital": "25 000 €",
    "address": "12 rue des Imprimeurs\n69002 Lyon\nFrance",
    "phone": "04 78 00 00 00",
    "email": "contact@lemagazine.example",
    "registration": "RCS Lyon 900 000 000",
    "publication_director": "Claire Fontaine",
    "host_name": "Hébergeur Exemple SARL",
    "host_address": "5 avenue des Serveurs\n59100 Roubaix\nFrance",
    "host_phone": "03 20 00 00 00",
}


def create_demo_content():
    """The five pages, published, in the footer, and a filled-in legal notice."""
    for fields in PAGES:
        page = Page.objects.filter(parent=None, slug=fields["slug"]).first() or Page(parent=None)
        for name, value in fields.items():
            setattr(page, name, value)
        page.status = Page.Status.PUBLISHED
        page.save()
    notice = LegalNotice.load()
    for name, value in LEGAL_NOTICE.items():
        setattr(notice, name, value)
    notice.save()
