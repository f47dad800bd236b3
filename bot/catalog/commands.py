"""Catalog texts: the ``/knada`` commands (usage lines, help by example, parse errors).

Keys under ``command.usage.``, ``command.summary.``, ``command.examples.`` and ``command.details.`` are per
command, named by the command with spaces as dashes (``hub users add`` -> ``hub-users-add``). Examples are
one ``/knada ...`` line each and must parse (tests check). The argument labels (``command.arg.``) are what a
"missing argument" error names, so each must appear in its command's usage line.

Texts are plain: the Slack layer escapes ``& < >`` before sending them as mrkdwn.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- usage lines ---------------------------------------------------------------------------------
    "command.usage.hub-create": {
        "nb": "/knada hub create <ingress> [--namespace NS] [--users a,b] [--memory STØRRELSE] [--cpu N]"
        " [--classic] [--env NAVN=verdi]...",
        "en": "/knada hub create <ingress> [--namespace NS] [--users a,b] [--memory SIZE] [--cpu N]"
        " [--classic] [--env NAME=value]...",
    },
    "command.usage.hub-users-add": {
        "nb": "/knada hub users add <hub> <ident eller @navn>...",
        "en": "/knada hub users add <hub> <ident or @mention>...",
    },
    "command.usage.hub-users-remove": {
        "nb": "/knada hub users remove <hub> <ident eller @navn>...",
        "en": "/knada hub users remove <hub> <ident or @mention>...",
    },
    "command.usage.hub-limits": {
        "nb": "/knada hub limits <hub> [--memory STØRRELSE] [--cpu N]",
        "en": "/knada hub limits <hub> [--memory SIZE] [--cpu N]",
    },
    "command.usage.hub-env-set": {
        "nb": "/knada hub env set <hub> NAVN=verdi",
        "en": "/knada hub env set <hub> NAME=value",
    },
    "command.usage.hub-env-unset": {
        "nb": "/knada hub env unset <hub> NAVN",
        "en": "/knada hub env unset <hub> NAME",
    },
    "command.usage.hub-ui": {
        "nb": "/knada hub ui <hub> lab|classic",
        "en": "/knada hub ui <hub> lab|classic",
    },
    "command.usage.hub-delete": {
        "nb": "/knada hub delete <hub>",
        "en": "/knada hub delete <hub>",
    },
    "command.usage.hub-show": {
        "nb": "/knada hub show <hub>",
        "en": "/knada hub show <hub>",
    },
    "command.usage.hub-list": {
        "nb": "/knada hub list [--mine]",
        "en": "/knada hub list [--mine]",
    },
    "command.usage.requests": {
        "nb": "/knada requests [--mine]",
        "en": "/knada requests [--mine]",
    },
    "command.usage.cancel": {
        "nb": "/knada cancel <forespørsels-ID>",
        "en": "/knada cancel <request-id>",
    },
    "command.usage.help": {
        "nb": "/knada help [emne]",
        "en": "/knada help [topic]",
    },
    # --- argument labels, as the usage lines write them ----------------------------------------------
    "command.arg.ingress": {"nb": "<ingress>", "en": "<ingress>"},
    "command.arg.hub": {"nb": "<hub>", "en": "<hub>"},
    "command.arg.users": {"nb": "<ident eller @navn>", "en": "<ident or @mention>"},
    "command.arg.assignment": {"nb": "NAVN=verdi", "en": "NAME=value"},
    "command.arg.name": {"nb": "NAVN", "en": "NAME"},
    "command.arg.interface": {"nb": "lab|classic", "en": "lab|classic"},
    "command.arg.request-id": {"nb": "<forespørsels-ID>", "en": "<request-id>"},
    # --- one-line summaries --------------------------------------------------------------------------
    "command.summary.hub-create": {"nb": "lag en ny hub", "en": "create a new hub"},
    "command.summary.hub-users-add": {
        "nb": "gi flere tilgang til en hub",
        "en": "give more people access to a hub",
    },
    "command.summary.hub-users-remove": {"nb": "fjern brukere fra en hub", "en": "remove users from a hub"},
    "command.summary.hub-limits": {
        "nb": "endre minne- og CPU-grensene til en hub",
        "en": "change a hub's memory and CPU limits",
    },
    "command.summary.hub-env-set": {"nb": "sett en miljøvariabel", "en": "set an environment variable"},
    "command.summary.hub-env-unset": {
        "nb": "fjern en miljøvariabel",
        "en": "remove an environment variable",
    },
    "command.summary.hub-ui": {
        "nb": "velg JupyterLab eller klassisk Notebook",
        "en": "choose JupyterLab or the classic Notebook",
    },
    "command.summary.hub-delete": {
        "nb": "slett en hub (en admin må godkjenne)",
        "en": "delete a hub (an admin must approve)",
    },
    "command.summary.hub-show": {"nb": "vis konfigurasjonen til en hub", "en": "show a hub's config"},
    "command.summary.hub-list": {"nb": "list opp hubene", "en": "list the hubs"},
    "command.summary.requests": {"nb": "vis forespørslene", "en": "list the requests"},
    "command.summary.cancel": {
        "nb": "avbryt en forespørsel og lukk pull requesten",
        "en": "cancel a request and close its pull request",
    },
    "command.summary.help": {
        "nb": "denne hjelpen, eller hjelp om én kommando",
        "en": "this help, or help on one command",
    },
    # --- examples: one /knada line each, the first is the one the overview shows ----------------------
    "command.examples.hub-create": {
        "nb": "/knada hub create kyrre --users e152435,k654321 --memory 4GB --cpu 1\n"
        "/knada hub create kyrre\n"
        '/knada hub create ml-lab --namespace team-ml --classic --env TZ=Europe/Oslo --env HILSEN="god morgen"',
        "en": "/knada hub create kyrre --users e152435,k654321 --memory 4GB --cpu 1\n"
        "/knada hub create kyrre\n"
        '/knada hub create ml-lab --namespace team-ml --classic --env TZ=Europe/Oslo --env GREETING="good morning"',
    },
    "command.examples.hub-users-add": {
        "nb": "/knada hub users add kyrre k654321\n/knada hub users add kyrre k654321 m112233",
        "en": "/knada hub users add kyrre k654321\n/knada hub users add kyrre k654321 m112233",
    },
    "command.examples.hub-users-remove": {
        "nb": "/knada hub users remove kyrre k654321",
        "en": "/knada hub users remove kyrre k654321",
    },
    "command.examples.hub-limits": {
        "nb": "/knada hub limits kyrre --memory 8GB\n/knada hub limits kyrre --memory 16GB --cpu 2",
        "en": "/knada hub limits kyrre --memory 8GB\n/knada hub limits kyrre --memory 16GB --cpu 2",
    },
    "command.examples.hub-env-set": {
        "nb": '/knada hub env set kyrre TZ=Europe/Oslo\n/knada hub env set kyrre HILSEN="god morgen"',
        "en": '/knada hub env set kyrre TZ=Europe/Oslo\n/knada hub env set kyrre GREETING="good morning"',
    },
    "command.examples.hub-env-unset": {
        "nb": "/knada hub env unset kyrre TZ",
        "en": "/knada hub env unset kyrre TZ",
    },
    "command.examples.hub-ui": {
        "nb": "/knada hub ui kyrre classic\n/knada hub ui kyrre lab",
        "en": "/knada hub ui kyrre classic\n/knada hub ui kyrre lab",
    },
    "command.examples.hub-delete": {"nb": "/knada hub delete kyrre", "en": "/knada hub delete kyrre"},
    "command.examples.hub-show": {"nb": "/knada hub show kyrre", "en": "/knada hub show kyrre"},
    "command.examples.hub-list": {
        "nb": "/knada hub list\n/knada hub list --mine",
        "en": "/knada hub list\n/knada hub list --mine",
    },
    "command.examples.requests": {
        "nb": "/knada requests --mine\n/knada requests",
        "en": "/knada requests --mine\n/knada requests",
    },
    "command.examples.cancel": {"nb": "/knada cancel R-42", "en": "/knada cancel R-42"},
    "command.examples.help": {
        "nb": "/knada help hub create\n/knada help env",
        "en": "/knada help hub create\n/knada help env",
    },
    # --- details, shown by /knada help <command> -----------------------------------------------------
    "command.details.hub-create": {
        "nb": "Lager en pull request som legger til `configs/<ingress>.yaml`. Du blir alltid selv bruker av "
        "huben. Namespace blir det samme som ingress hvis du ikke gir `--namespace`. Uten `--memory` og "
        "`--cpu` får huben {memory} minne og {cpu} CPU, og `--classic` gir klassisk Notebook i stedet for "
        "JupyterLab. `--env` kan gis flere ganger. Skriver du bare `/knada hub create`, åpnes et skjema "
        "du kan fylle ut i stedet.",
        "en": "Opens a pull request that adds `configs/<ingress>.yaml`. You are always one of the hub's users. "
        "The namespace is the ingress unless you give `--namespace`. Without `--memory` and `--cpu` the hub "
        "gets {memory} of memory and {cpu} CPU, and `--classic` gives the classic Notebook instead of "
        "JupyterLab. `--env` can be given several times. Type just `/knada hub create` to fill in a form "
        "instead.",
    },
    "command.details.hub-users-add": {
        "nb": "Skriv NAV-identer (`e152435`) eller @-nevn personene, skilt med mellomrom eller komma. Bare "
        "brukere av huben og admins kan endre den.",
        "en": "Give NAV idents (`e152435`) or @-mention the people, separated by spaces or commas. Only the "
        "hub's users and admins can change it.",
    },
    "command.details.hub-users-remove": {
        "nb": "Skriv NAV-identer eller @-nevn personene. JupyterHub husker brukerne sine, så etter merge "
        "må de også slettes fra hubens database; boten ber en admin om det eller gjør det selv.",
        "en": "Give NAV idents or @-mention the people. JupyterHub remembers its users, so after the merge "
        "they must also be deleted from the hub's database; the bot asks an admin to, or does it itself.",
    },
    "command.details.hub-limits": {
        "nb": "Minne skrives som `4GB`, `512MB`, `4G` eller `512M`, CPU som et tall (`1` eller `0.5`). De nye "
        "grensene gjelder først når serveren din er startet på nytt.",
        "en": "Memory is written `4GB`, `512MB`, `4G` or `512M`, CPU as a number (`1` or `0.5`). The new "
        "limits apply once your server has been restarted.",
    },
    "command.details.hub-env-set": {
        "nb": 'Har verdien mellomrom, sett den i anførselstegn: `NAVN="to ord"`. Finnes variabelen fra før, '
        "får den den nye verdien.",
        "en": 'If the value has spaces, put it in quotes: `NAME="two words"`. If the variable already '
        "exists, it gets the new value.",
    },
    "command.details.hub-env-unset": {
        "nb": "Fjerner variabelen fra `extraEnvs` i konfigurasjonen til huben.",
        "en": "Removes the variable from `extraEnvs` in the hub's config.",
    },
    "command.details.hub-ui": {
        "nb": "`lab` er JupyterLab (standard), `classic` er klassisk Jupyter Notebook.",
        "en": "`lab` is JupyterLab (the default), `classic` is the classic Jupyter Notebook.",
    },
    "command.details.hub-delete": {
        "nb": "En annen admin enn deg må godkjenne i Slack før pull requesten åpnes. Etter merge rydder "
        "admins opp resten: helm-releasen og namespacet.",
        "en": "An admin other than you must approve in Slack before the pull request is opened. After the "
        "merge the admins clean up the rest: the helm release and the namespace.",
    },
    "command.details.hub-show": {
        "nb": "Viser konfigurasjonen til huben slik den er på main. Bare du ser svaret.",
        "en": "Shows the hub's config as it is on main. Only you see the answer.",
    },
    "command.details.hub-list": {
        "nb": "Uten `--mine` vises alle hubene, med `--mine` bare de du er bruker av.",
        "en": "Without `--mine` all hubs are listed, with `--mine` only those you are a user of.",
    },
    "command.details.requests": {
        "nb": "Viser forespørslene med ID og status. Med `--mine` bare dine egne.",
        "en": "Lists the requests with their id and status. With `--mine` only your own.",
    },
    "command.details.cancel": {
        "nb": "ID-en står på statuskortet til forespørselen (`R-42`). Pull requesten lukkes og forespørselen "
        "merkes som avbrutt.",
        "en": "The id is on the request's status card (`R-42`). The pull request is closed and the request "
        "is marked cancelled.",
    },
    "command.details.help": {
        "nb": "Emnet kan være en kommando (`hub create`) eller en del av den (`users`, `env`).",
        "en": "The topic can be a command (`hub create`) or a part of one (`users`, `env`).",
    },
    # --- help text -----------------------------------------------------------------------------------
    "command.help.intro": {
        "nb": "`/knada` gjør forespørsler om JupyterHub-ene dine om til pull requests mot "
        "konfigurasjonsrepoet og følger dem opp i en tråd. Eksempler:",
        "en": "`/knada` turns requests about your JupyterHubs into pull requests against the config repo "
        "and follows them up in a thread. Examples:",
    },
    "command.help.more": {
        "nb": "Mer om én kommando: `/knada help <kommando>`, for eksempel `/knada help hub create` eller "
        "`/knada help env`.",
        "en": "More on one command: `/knada help <command>`, for example `/knada help hub create` or "
        "`/knada help env`.",
    },
    "command.help.examples": {"nb": "Eksempler:", "en": "Examples:"},
    "command.help.unknown-topic": {
        "nb": "Fant ingen hjelp om `{topic}`.",
        "en": "No help on `{topic}`.",
    },
    "command.help.did-you-mean": {
        "nb": "Fant ingen hjelp om `{topic}`; her er `{suggestion}`.",
        "en": "No help on `{topic}`; here is `{suggestion}`.",
    },
    "command.usage-one": {"nb": "Bruk: `{line}`", "en": "Usage: `{line}`"},
    "command.usage-many": {"nb": "Bruk:", "en": "Usage:"},
    "command.help-hint": {
        "nb": "Skriv `/knada help` for eksempler.",
        "en": "Type `/knada help` for examples.",
    },
    # --- parse errors: what was not understood (the usage follows) -----------------------------------
    "command.error.command.unknown": {
        "nb": "Kjenner ikke kommandoen `{typed}`.",
        "en": "Unknown command `{typed}`.",
    },
    "command.error.command.did-you-mean": {
        "nb": "Kjenner ikke kommandoen `{typed}`. Mente du `{suggestion}`?",
        "en": "Unknown command `{typed}`. Did you mean `{suggestion}`?",
    },
    "command.error.command.incomplete": {
        "nb": "`{typed}` er ikke en hel kommando.",
        "en": "`{typed}` is not a complete command.",
    },
    "command.error.argument.missing": {
        "nb": "Mangler `{argument}`.",
        "en": "Missing `{argument}`.",
    },
    "command.error.argument.extra": {
        "nb": 'Forsto ikke `{token}`: for mange argumenter. Har en verdi mellomrom, sett den i anførselstegn: `NAVN="to ord"`.',
        "en": 'Did not understand `{token}`: too many arguments. If a value has spaces, put it in quotes: `NAME="two words"`.',
    },
    "command.error.hub.rename": {
        "nb": "En hubs namespace eller ingress kan ikke endres: det er en ny hub pluss sletting av den gamle. Lag den nye med `/knada hub create`, og slett den gamle med `/knada hub delete` når den nye er oppe.",
        "en": "A hub's namespace or ingress can't be changed: that is a new hub plus the deletion of the old one. Create the new one with `/knada hub create`, and delete the old one with `/knada hub delete` once the new one is up.",
    },
    "command.error.flag.unknown": {
        "nb": "Kjenner ikke flagget `{flag}` her.",
        "en": "Unknown option `{flag}` here.",
    },
    "command.error.flag.did-you-mean": {
        "nb": "Kjenner ikke flagget `{flag}`. Mente du `{suggestion}`?",
        "en": "Unknown option `{flag}`. Did you mean `{suggestion}`?",
    },
    "command.error.flag.missing-value": {
        "nb": "`{flag}` mangler en verdi.",
        "en": "`{flag}` needs a value.",
    },
    "command.error.flag.repeated": {
        "nb": "`{flag}` er gitt mer enn én gang; gi det bare én gang.",
        "en": "`{flag}` is given more than once; give it only once.",
    },
    "command.error.flag.takes-no-value": {
        "nb": "`{flag}` tar ingen verdi, men fikk `{value}`.",
        "en": "`{flag}` takes no value, but got `{value}`.",
    },
    "command.error.limits.nothing": {
        "nb": "Si hva som skal endres: `--memory`, `--cpu` eller begge.",
        "en": "Say what to change: `--memory`, `--cpu` or both.",
    },
    "command.error.cpu.not-a-number": {
        "nb": "`--cpu` må være et tall, som `1` eller `0.5` (med punktum), ikke `{value}`.",
        "en": "`--cpu` must be a number, like `1` or `0.5`, not `{value}`.",
    },
    "command.error.ui.bad-value": {
        "nb": "Grensesnittet må være `lab` (JupyterLab) eller `classic` (klassisk Notebook), ikke `{value}`.",
        "en": "The interface must be `lab` (JupyterLab) or `classic` (the classic Notebook), not `{value}`.",
    },
    "command.error.request-id.bad": {
        "nb": "`{value}` er ikke en forespørsels-ID. ID-en står på statuskortet, for eksempel `R-42`.",
        "en": "`{value}` is not a request id. The id is on the status card, for example `R-42`.",
    },
    "command.error.env.not-assignment": {
        "nb": "`{value}` er ikke på formen `NAVN=verdi`.",
        "en": "`{value}` is not of the form `NAME=value`.",
    },
    "command.error.quote.unclosed": {
        "nb": "Anførselstegnet i `{start}` blir aldri lukket.",
        "en": "The quote in `{start}` is never closed.",
    },
    "command.needs-ingress": {
        "nb": "`/knada hub create` uten ingress åpner et skjema i Slack; her må du oppgi ingress.",
        "en": "`/knada hub create` without an ingress opens a form in Slack; here, give the ingress.",
    },
}
