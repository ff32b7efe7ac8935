"""The demo magazine's words: sections, journalists and articles (used by `load_demo`).

Plain data, no Django: the command decides what to create. Article bodies use only what the
sanitizer keeps (magazine/html.py), so they are stored exactly as written here.
"""

SECTIONS = [
    {"slug": "ville", "name": "Ville", "position": 1,
     "description": "Urbanisme, transports, quartiers : la ville telle qu'on la vit."},
    {"slug": "culture", "name": "Culture", "position": 2,
     "description": "Livres, scènes, expositions et musiques, choisis par la rédaction."},
    {"slug": "sciences", "name": "Sciences", "position": 3,
     "description": "Ce que les chercheurs trouvent, expliqué sans jargon."},
    {"slug": "techniques", "name": "Techniques", "position": 4,
     "description": "Les outils, les réseaux et ceux qui les fabriquent."},
    {"slug": "societe", "name": "Société", "position": 5,
     "description": "Travail, école, santé : les grandes questions du quotidien."},
]

AUTHORS = [
    {
        "slug": "camille-durand", "name": "Camille Durand", "job_title": "reporter",
        "short_bio": "Camille couvre l'urbanisme et les transports depuis dix ans, à pied et à vélo.",
        "long_bio": "Camille Durand arpente la ville carnet en main. Ses enquêtes sur les "
                    "transports publics et l'aménagement des quartiers ont reçu le prix de la "
                    "presse régionale.\n\nElle anime aussi la rubrique « Ville » et répond "
                    "volontiers aux lecteurs qui lui signalent un chantier oublié.",
        "background": "Diplômée de l'école de journalisme de Lille, passée par la presse "
                      "quotidienne régionale.",
        "email": "camille.durand@lemagazine.example", "years_of_experience": 10,
        "website": "https://camille-durand.example", "portrait_color": "#c2703d",
    },
    {
        "slug": "lou-martin", "name": "Lou Martin", "job_title": "rédacteur en chef",
        "short_bio": "Lou dirige la rédaction et écrit sur les sciences, surtout quand elles "
                     "surprennent.",
        "long_bio": "Lou Martin a rejoint Le Magazine à sa création. Docteur en biologie, il "
                    "raconte la recherche telle qu'elle se fait : lentement, avec des doutes et "
                    "quelques coups de chance.",
        "background": "Thèse en écologie des insectes, puis dix ans de journalisme scientifique.",
        "email": "lou.martin@lemagazine.example", "years_of_experience": 15,
        "portrait_color": "#3d7ac2",
    },
    {
        "slug": "ines-benali", "name": "Inès Benali", "job_title": "critique",
        "short_bio": "Inès lit, écoute et regarde tout ce qui sort, puis choisit pour vous.",
        "long_bio": "Inès Benali tient la rubrique « Culture ». Elle a été libraire pendant "
                    "six ans avant de passer de l'autre côté du comptoir.",
        "email": "ines.benali@lemagazine.example", "years_of_experience": 7,
        "mastodon": "https://mastodon.example/@ines", "portrait_color": "#8a3dc2",
    },
    {
        "slug": "theo-nguyen", "name": "Théo Nguyen", "job_title": "journaliste",
        "short_bio": "Théo explique les techniques numériques à ceux qui n'ont pas le temps.",
        "long_bio": "Théo Nguyen a été développeur avant de devenir journaliste. Il s'intéresse "
                    "à ce que les outils numériques font à nos vies, en bien comme en mal.",
        "email": "theo.nguyen@lemagazine.example", "years_of_experience": 4,
        "bluesky": "https://bsky.example/theo", "portrait_color": "#2f8f5b",
    },
    {
        "slug": "margaux-lefevre", "name": "Margaux Lefèvre", "job_title": "journaliste",
        "short_bio": "Margaux suit l'école, le travail et la santé, au plus près des gens.",
        "long_bio": "Margaux Lefèvre écrit sur la société depuis huit ans. Elle aime les "
                    "chiffres, à condition de rencontrer les personnes qui sont derrière.",
        "email": "margaux.lefevre@lemagazine.example", "years_of_experience": 8,
        "linkedin": "https://linkedin.example/in/margaux", "portrait_color": "#b8404f",
    },
]


def _paragraphs(*texts):
    return "".join(f"<p>{text}</p>" for text in texts)


_GARDENS_TABLE = (
    "<table><thead><tr><th scope=\"col\">Quartier</th><th scope=\"col\">Toits cultivés</th>"
    "<th scope=\"col\">Surface (m²)</th><th scope=\"col\">Récolte 2025 (kg)</th></tr></thead>"
    "<tbody><tr><td>Croix-Rousse</td><td>14</td><td>3 200</td><td>4 100</td></tr>"
    "<tr><td>Guillotière</td><td>9</td><td>1 850</td><td>2 300</td></tr>"
    "<tr><td>Confluence</td><td>6</td><td>2 400</td><td>2 950</td></tr>"
    "<tr><td>Vaise</td><td>4</td><td>900</td><td>1 050</td></tr></tbody></table>"
)

_BUS_TABLE = (
    "<table><thead><tr><th scope=\"col\">Ligne</th><th scope=\"col\">Avant</th>"
    "<th scope=\"col\">Après</th><th scope=\"col\">Fréquentation</th></tr></thead>"
    "<tbody><tr><td>C1</td><td>12 min</td><td>7 min</td><td>+ 18 %</td></tr>"
    "<tr><td>C3</td><td>10 min</td><td>6 min</td><td>+ 22 %</td></tr>"
    "<tr><td>31</td><td>20 min</td><td>15 min</td><td>+ 9 %</td></tr></tbody></table>"
)

_SCREEN_TABLE = (
    "<table><thead><tr><th scope=\"col\">Âge</th><th scope=\"col\">Temps d'écran par jour</th>"
    "<th scope=\"col\">Dont école</th></tr></thead>"
    "<tbody><tr><td>6-10 ans</td><td>2 h 10</td><td>20 min</td></tr>"
    "<tr><td>11-14 ans</td><td>3 h 40</td><td>45 min</td></tr>"
    "<tr><td>15-17 ans</td><td>4 h 50</td><td>1 h 05</td></tr></tbody></table>"
)

ARTICLES = [
    {
        "title": "Les toits de Lyon deviennent des potagers",
        "section": "ville", "authors": ["camille-durand", "lou-martin"], "days_ago": 0,
        "status": "published", "cover_color": "#6f9a3c",
        "cover_alt": "Des bacs de légumes alignés sur un toit plat, avec la ville en contrebas.",
        "cover_credit": "Photo : Camille Durand",
        "tags": ["urbanisme", "agriculture urbaine", "Lyon"],
        "standfirst": "Trente-trois toits cultivés, dix tonnes de légumes par an : à Lyon, "
                      "l'agriculture urbaine a quitté le stade de l'expérience. Reportage sur "
                      "les terrasses où poussent tomates, salades et nouvelles habitudes.",
        "body": (
            _paragraphs(
                "Au sixième étage d'un immeuble de la Croix-Rousse, Mathilde soulève une "
                "feuille de courgette et sourit : « Il y a trois ans, ici, il n'y avait que du "
                "gravier et des antennes. » Aujourd'hui, quarante bacs en bois couvrent le toit, "
                "arrosés par l'eau de pluie récupérée dans deux cuves.",
                "La ville compte désormais trente-trois toits cultivés, selon le recensement "
                "publié en octobre par la métropole. Une partie est gérée par des associations "
                "de quartier, l'autre par des entreprises qui vendent leurs paniers aux "
                "restaurants voisins.",
            )
            + "<h2>Ce que l'on récolte</h2>"
            + _paragraphs("Les chiffres de la métropole, quartier par quartier :")
            + _GARDENS_TABLE
            + _paragraphs(
                "Les récoltes restent modestes à l'échelle d'une ville de cinq cent mille "
                "habitants. Mais pour les jardiniers, l'essentiel est ailleurs."
            )
            + "<blockquote><p>Un toit cultivé, c'est un toit où les voisins se parlent. Les "
              "légumes, c'est presque un prétexte.</p></blockquote>"
            + "<h2>Ce qu'il faut pour se lancer</h2>"
            + "<ul><li>un toit plat qui supporte au moins 250 kg par mètre carré ;</li>"
              "<li>un accès sûr, avec garde-corps ;</li>"
              "<li>l'accord de la copropriété, voté en assemblée générale ;</li>"
              "<li>un point d'eau ou une cuve de récupération.</li></ul>"
            + _paragraphs(
                "La métropole finance jusqu'à la moitié des travaux d'étanchéité, à condition "
                "que le jardin reste ouvert aux habitants de l'immeuble. Le prochain appel à "
                "projets ouvre en janvier."
            )
        ),
    },
    {
        "title": "Les bus passent plus souvent, et les voyageurs suivent",
        "section": "ville", "authors": ["camille-durand"], "days_ago": 1, "status": "published",
        "cover_color": "#c23d3d",
        "cover_alt": "Un bus rouge arrêté à une station, des voyageurs montent à bord.",
        "cover_credit": "Photo : Le Magazine", "tags": ["transports", "Lyon"],
        "standfirst": "Depuis la rentrée, trois lignes passent toutes les six ou sept minutes. "
                      "Premier bilan : la fréquentation grimpe, la voiture recule un peu.",
        "body": (
            _paragraphs(
                "Attendre moins, c'est voyager plus : la règle est connue des urbanistes, elle "
                "se vérifie une fois encore. Les trois lignes renforcées en septembre ont gagné "
                "entre 9 et 22 % de voyageurs en deux mois."
            )
            + "<h2>Les fréquences, avant et après</h2>" + _BUS_TABLE
            + "<ol><li>Les horaires sont devenus inutiles : on vient à l'arrêt, le bus arrive.</li>"
              "<li>Les correspondances sont plus sûres.</li>"
              "<li>Les bus sont moins bondés aux heures de pointe.</li></ol>"
            + _paragraphs(
                "Reste la question du coût : chaque ligne renforcée demande six conducteurs de "
                "plus, que l'exploitant peine à recruter."
            )
        ),
    },
    {
        "title": "Le festival du livre ouvre ses portes aux lecteurs de demain",
        "section": "culture", "authors": ["ines-benali"], "days_ago": 2, "status": "published",
        "cover_color": "#8a3dc2",
        "cover_alt": "Des piles de livres colorés sur une table de librairie.",
        "cover_credit": "Photo : Inès Benali", "tags": ["livres", "festival"],
        "standfirst": "Trois jours de rencontres, d'ateliers et de lectures : le programme pour "
                      "les enfants et les adolescents n'a jamais été aussi riche.",
        "body": _paragraphs(
            "Le festival réunit cette année cent vingt auteurs, dont un tiers écrivent pour la "
            "jeunesse. Les ateliers d'écriture, gratuits, sont ouverts dès huit ans.",
            "Les organisateurs ont aussi prévu une « nuit de la lecture » le samedi : la grande "
            "salle reste ouverte jusqu'à minuit, coussins et lampes fournis.",
        ) + "<h2>Nos trois coups de cœur</h2><ul><li><strong>La Forêt qui parlait</strong>, un "
            "album pour les plus petits ;</li><li><strong>Nord</strong>, un roman d'aventure "
            "polaire ;</li><li><strong>Les Chiffres et nous</strong>, une enquête dessinée.</li></ul>",
    },
    {
        "title": "Les abeilles savent compter jusqu'à quatre",
        "section": "sciences", "authors": ["lou-martin"], "days_ago": 3, "status": "published",
        "cover_color": "#d9a21b",
        "cover_alt": "Une abeille posée sur une fleur jaune, vue de très près.",
        "cover_credit": "Photo : Laboratoire d'écologie", "tags": ["insectes", "recherche"],
        "standfirst": "Une équipe toulousaine montre que les abeilles repèrent une fleur à sa "
                      "position dans une série. Une capacité qu'on croyait réservée aux vertébrés.",
        "body": _paragraphs(
            "Les chercheurs ont placé quatre fleurs artificielles identiques le long d'un "
            "couloir. Seule la troisième contenait du sucre. Après quelques essais, les abeilles "
            "allaient droit à la troisième fleur, même quand on changeait l'écart entre elles.",
        ) + "<blockquote><p>Elles ne mesurent pas une distance : elles comptent les repères.</p>"
            "</blockquote>" + _paragraphs(
            "Au-delà de quatre, les performances s'effondrent, comme chez de nombreux animaux. "
            "L'équipe cherche maintenant quels neurones portent cette capacité.",
        ),
    },
    {
        "title": "Réparer plutôt que jeter : les ateliers font le plein",
        "section": "techniques", "authors": ["theo-nguyen"], "days_ago": 4, "status": "published",
        "cover_color": "#2f8f5b",
        "cover_alt": "Des mains réparent un grille-pain ouvert sur un établi.",
        "cover_credit": "Photo : Théo Nguyen", "tags": ["réparation", "écologie"],
        "standfirst": "Grille-pain, ordinateurs, vélos : chaque samedi, des bénévoles aident les "
                      "habitants à réparer eux-mêmes leurs objets.",
        "body": _paragraphs(
            "Sept objets sur dix repartent en état de marche, selon les chiffres du réseau des "
            "ateliers de réparation. Les pannes les plus fréquentes sont aussi les plus simples : "
            "un fusible, une courroie, un faux contact.",
        ) + "<h2>Les pannes les plus courantes</h2><ul><li>câble d'alimentation abîmé ;</li>"
            "<li>batterie usée ;</li><li>interrupteur encrassé.</li></ul>",
    },
    {
        "title": "Les écrans à l'école : ce que disent vraiment les chiffres",
        "section": "societe", "authors": ["margaux-lefevre", "theo-nguyen"], "days_ago": 5,
        "status": "published", "cover_color": "#3d7ac2",
        "cover_alt": "Des élèves penchés sur des tablettes dans une salle de classe.",
        "cover_credit": "Photo : Le Magazine", "tags": ["école", "numérique", "enfance"],
        "standfirst": "Le temps d'écran des enfants inquiète parents et enseignants. Mais la "
                      "part de l'école y est bien plus faible qu'on ne le croit.",
        "body": _paragraphs(
            "L'enquête nationale publiée ce mois-ci a suivi trois mille familles pendant un an. "
            "Elle distingue, pour la première fois, le temps d'écran scolaire du reste.",
        ) + "<h2>Le temps d'écran par âge</h2>" + _SCREEN_TABLE + _paragraphs(
            "L'école représente donc moins d'un quart du temps passé devant un écran, même au "
            "lycée. Le reste se joue à la maison, le soir et le week-end.",
        ) + "<ul><li>Les chercheurs recommandent des pauses toutes les vingt minutes.</li>"
            "<li>Ils déconseillent les écrans dans la chambre.</li></ul>",
    },
    {
        "title": "Au musée, les réserves s'ouvrent au public",
        "section": "culture", "authors": ["ines-benali"], "days_ago": 6, "status": "published",
        "cover_color": "#a0522d", "cover_alt": "Des tableaux rangés sur des grilles métalliques.",
        "cover_credit": "Photo : Musée des beaux-arts", "tags": ["musées", "patrimoine"],
        "standfirst": "Quatre-vingt-dix pour cent des collections dorment dans les réserves. "
                      "Le musée propose désormais de les visiter, en petits groupes.",
        "body": _paragraphs(
            "Les visites durent une heure et accueillent douze personnes. On y découvre des "
            "œuvres jamais exposées, mais aussi le travail des restaurateurs.",
        ),
    },
    {
        "title": "Une nouvelle carte des nappes phréatiques",
        "section": "sciences", "authors": ["lou-martin"], "days_ago": 7, "status": "published",
        "cover_color": "#1f6f8b", "cover_alt": "Une rivière calme bordée d'arbres au petit matin.",
        "cover_credit": "Photo : Lou Martin", "tags": ["eau", "recherche", "écologie"],
        "standfirst": "Les hydrologues ont cartographié les réserves d'eau souterraine de la "
                      "région avec une précision inédite.",
        "body": _paragraphs(
            "La carte combine dix mille forages et des mesures satellites. Elle montre des "
            "nappes plus fragiles que prévu dans le sud de la région.",
        ),
    },
    {
        "title": "Le vélo cargo, nouvel utilitaire des familles",
        "section": "ville", "authors": ["camille-durand"], "days_ago": 8, "status": "published",
        "cover_color": "#e07b39", "cover_alt": "Un vélo cargo transportant deux enfants dans sa caisse.",
        "cover_credit": "Photo : Camille Durand", "tags": ["vélo", "transports"],
        "standfirst": "Ils remplacent la seconde voiture dans de plus en plus de foyers. "
                      "Rencontre avec des parents convertis.",
        "body": _paragraphs(
            "Deux enfants, les courses de la semaine et une pente de huit pour cent : le vélo "
            "cargo à assistance électrique avale tout.",
        ),
    },
    {
        "title": "Logiciels libres : la mairie fait ses comptes",
        "section": "techniques", "authors": ["theo-nguyen"], "days_ago": 9, "status": "published",
        "cover_color": "#4b5563", "cover_alt": "Un écran d'ordinateur affichant des lignes de code.",
        "cover_credit": "Photo : Théo Nguyen", "tags": ["logiciels libres", "numérique"],
        "standfirst": "Cinq ans après avoir quitté ses licences propriétaires, la ville publie "
                      "le bilan : des économies, et quelques regrets.",
        "body": _paragraphs(
            "La mairie estime avoir économisé deux cent mille euros par an. Les agents, eux, ont "
            "dû changer d'habitudes, et la formation a pris plus de temps que prévu.",
        ),
    },
    {
        "title": "Le théâtre de quartier fête ses cinquante ans",
        "section": "culture", "authors": ["ines-benali"], "days_ago": 10, "status": "published",
        "cover_color": "#b8404f", "cover_alt": "Une scène de théâtre éclairée, rideau rouge ouvert.",
        "cover_credit": "Photo : Théâtre des Pentes", "tags": ["théâtre", "patrimoine"],
        "standfirst": "Une saison anniversaire, des archives exposées et une pièce écrite par "
                      "les habitants.",
        "body": _paragraphs(
            "Fondé en 1976 dans une ancienne menuiserie, le théâtre a accueilli plus de deux "
            "mille spectacles.",
        ),
    },
    {
        "title": "Infirmières de nuit : une semaine avec l'équipe des urgences",
        "section": "societe", "authors": ["margaux-lefevre"], "days_ago": 11,
        "status": "published", "cover_color": "#0f766e",
        "cover_alt": "Un couloir d'hôpital la nuit, une infirmière pousse un chariot.",
        "cover_credit": "Photo : Margaux Lefèvre", "tags": ["santé", "travail"],
        "standfirst": "Douze heures debout, des patients qui attendent, et une solidarité qui "
                      "tient l'équipe debout.",
        "body": _paragraphs(
            "Il est trois heures du matin et la salle d'attente ne désemplit pas. Sophie, "
            "infirmière depuis douze ans, connaît chaque recoin du service.",
        ),
    },
    {
        "title": "Le ciel d'hiver à l'œil nu",
        "section": "sciences", "authors": ["lou-martin"], "days_ago": 12, "status": "published",
        "cover_color": "#1e3a8a", "cover_alt": "Un ciel étoilé au-dessus d'une colline enneigée.",
        "cover_credit": "Photo : Club d'astronomie", "tags": ["astronomie"],
        "standfirst": "Orion, les Pléiades, Jupiter : notre guide pour observer le ciel sans "
                      "télescope.",
        "body": "<ol><li>Éloignez-vous des lumières de la ville.</li><li>Laissez vos yeux "
                "s'habituer vingt minutes.</li><li>Cherchez d'abord Orion, au sud.</li></ol>",
    },
    {
        "title": "Le quartier de la gare se réinvente",
        "section": "ville", "authors": ["camille-durand", "margaux-lefevre"], "days_ago": 14,
        "status": "archived", "cover_color": "#6b7280",
        "cover_alt": "Des grues au-dessus d'un chantier près d'une gare.",
        "cover_credit": "Photo : Le Magazine", "tags": ["urbanisme"],
        "standfirst": "Un dossier archivé : le projet a été abandonné depuis.",
        "body": _paragraphs("Cet article n'est plus en ligne."),
    },
    {
        "title": "Intelligence artificielle : ce que la loi européenne change",
        "section": "techniques", "authors": ["theo-nguyen"], "days_ago": -3,
        "status": "scheduled", "cover_color": "#7c3aed",
        "cover_alt": "Des circuits imprimés vus de très près.", "cover_credit": "Photo : Le Magazine",
        "tags": ["numérique", "droit"],
        "standfirst": "Programmé : ce texte paraîtra dans trois jours.",
        "body": _paragraphs("Le règlement entre en application par étapes."),
    },
    {
        "title": "Brouillon : les marchés de nuit",
        "section": "ville", "authors": ["camille-durand"], "days_ago": 0, "status": "draft",
        "cover_color": "#f59e0b", "cover_alt": "Des étals éclairés par des guirlandes.",
        "cover_credit": "Photo : Camille Durand", "tags": ["marchés"],
        "standfirst": "En cours d'écriture.", "body": _paragraphs("À compléter."),
    },
    {
        "title": "Les bibliothèques ouvrent le dimanche",
        "section": "culture", "authors": ["ines-benali"], "days_ago": 0, "status": "review",
        "cover_color": "#14b8a6", "cover_alt": "Une salle de lecture lumineuse.",
        "cover_credit": "Photo : Inès Benali", "tags": ["livres"],
        "standfirst": "En relecture.", "body": _paragraphs("Texte en relecture."),
    },
]
