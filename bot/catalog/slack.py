"""Catalog texts: Slack (the status card, thread replies, acknowledgements)."""

MESSAGES: dict[str, dict[str, str]] = {
    # The card's title per kind of request.
    "card.title.create": {"nb": "Ny hub {hub}", "en": "New hub {hub}"},
    "card.title.users-add": {"nb": "Nye brukere på {hub}", "en": "New users on {hub}"},
    "card.title.users-remove": {"nb": "Fjerne brukere fra {hub}", "en": "Remove users from {hub}"},
    "card.title.limits": {"nb": "Nye grenser for {hub}", "en": "New limits for {hub}"},
    "card.title.env-set": {"nb": "Miljøvariabel i {hub}", "en": "Environment variable in {hub}"},
    "card.title.env-unset": {
        "nb": "Fjerne miljøvariabel fra {hub}",
        "en": "Remove environment variable from {hub}",
    },
    "card.title.ui": {"nb": "Bytte grensesnitt på {hub}", "en": "Switch interface on {hub}"},
    "card.title.delete": {"nb": "Slette hubben {hub}", "en": "Delete the hub {hub}"},
    "card.head": {
        "nb": "{emoji}  *{title}*  ·  {request_id}  ·  bestilt av {requester}",
        "en": "{emoji}  *{title}*  ·  {request_id}  ·  asked by {requester}",
    },
    # What the request changes, one line.
    "card.summary.create": {
        "nb": "namespace `{namespace}` · brukere {users} · minne {memory} · CPU {cpu}",
        "en": "namespace `{namespace}` · users {users} · memory {memory} · CPU {cpu}",
    },
    "card.summary.users-add": {"nb": "brukere  + {users}", "en": "users  + {users}"},
    "card.summary.users-remove": {"nb": "brukere  − {users}", "en": "users  − {users}"},
    "card.summary.limits": {"nb": "minne → {memory} · CPU → {cpu}", "en": "memory → {memory} · CPU → {cpu}"},
    "card.summary.env-set": {"nb": "extraEnvs  + `{name}`", "en": "extraEnvs  + `{name}`"},
    "card.summary.env-unset": {"nb": "extraEnvs  − `{name}`", "en": "extraEnvs  − `{name}`"},
    "card.summary.ui": {"nb": "grensesnitt → {interface}", "en": "interface → {interface}"},
    "card.summary.delete": {"nb": "hele hubben slettes", "en": "the whole hub is deleted"},
    "card.checks": {"nb": "sjekker {checks}", "en": "checks {checks}"},
    "card.approved-by": {"nb": "godkjent av {users}", "en": "approved by {users}"},
    "card.state": {"nb": "Status: *{state}*", "en": "Status: *{state}*"},
    "card.failure": {"nb": "Feil: {reason}", "en": "Error: {reason}"},
    "card.code-owner": {"nb": "en code owner", "en": "a code owner"},
    "card.waiting.bot": {
        "nb": "venter på knada-bot (åpner pull request)",
        "en": "waiting for knada-bot (opening the pull request)",
    },
    "card.waiting.admin": {
        "nb": "venter på godkjenning fra en knada-administrator",
        "en": "waiting for approval by a knada admin",
    },
    "card.waiting.checks": {"nb": "venter på sjekkene", "en": "waiting for the checks"},
    "card.waiting.review": {"nb": "venter på review fra {owners}", "en": "waiting for a review by {owners}"},
    "card.waiting.merge": {"nb": "venter på merge fra {owners}", "en": "waiting for a merge by {owners}"},
    "card.waiting.requester-checks": {
        "nb": "sjekkene feilet: {requester}, se på feilen eller avbryt",
        "en": "the checks failed: {requester}, look at the failure or cancel",
    },
    "card.waiting.requester-failed": {
        "nb": "{requester} må prøve igjen eller avbryte",
        "en": "{requester} needs to retry or cancel",
    },
    "card.waiting.conflict": {
        "nb": "pull requesten kan ikke merges (konflikt med main): den må bygges på nytt",
        "en": "the pull request can't be merged (conflict with main): it has to be rebuilt",
    },
    "card.waiting.deploy": {"nb": "deployes nå", "en": "deploying now"},
    "card.waiting.chores": {
        "nb": "venter på manuelle oppgaver for knada-administratorene",
        "en": "waiting for manual chores by the knada admins",
    },
    "button.open-pr": {"nb": "Se PR", "en": "View PR"},
    # States as users read them.
    "state.received": {"nb": "mottatt", "en": "received"},
    "state.awaiting_approval": {"nb": "venter på godkjenning", "en": "awaiting approval"},
    "state.approved": {"nb": "godkjent", "en": "approved"},
    "state.pr_open": {"nb": "PR åpnet", "en": "PR open"},
    "state.checks_failed": {"nb": "sjekker feilet", "en": "checks failed"},
    "state.checks_passed": {"nb": "sjekker ok", "en": "checks passed"},
    "state.merged": {"nb": "merget", "en": "merged"},
    "state.chores": {"nb": "manuelle oppgaver", "en": "chores"},
    "state.done": {"nb": "ferdig", "en": "done"},
    "state.failed": {"nb": "feilet", "en": "failed"},
    "state.cancelled": {"nb": "avbrutt", "en": "cancelled"},
    "state.rejected": {"nb": "avvist", "en": "rejected"},
    # Thread replies under the card.
    "thread.pr-opened": {
        "nb": "Pull request åpnet: <{url}|#{number} {title}>. Nå kjører sjekkene.",
        "en": "Pull request opened: <{url}|#{number} {title}>. The checks are running now.",
    },
    "thread.checks-passed": {
        "nb": "Sjekkene er grønne ({checks}). Venter på review fra {owners}.",
        "en": "The checks passed ({checks}). Waiting for a review by {owners}.",
    },
    "thread.checks-failed": {
        "nb": "{requester} sjekken {failing} feilet. Se detaljene i lenken, og avbryt med `/knada cancel {request_id}` hvis endringen ikke skal inn.",
        "en": "{requester} the check {failing} failed. See the details behind the link, and cancel with `/knada cancel {request_id}` if the change should not go in.",
    },
    "thread.approved": {
        "nb": "Godkjent av {users}. Venter på merge.",
        "en": "Approved by {users}. Waiting for the merge.",
    },
    "thread.merged": {
        "nb": "Merget :tada: Endringen deployes nå.",
        "en": "Merged :tada: The change is being deployed.",
    },
    "thread.merged-create": {
        "nb": "Merget :tada: Hubben kommer opp på https://{hub}.{domain} når deployen er ferdig.",
        "en": "Merged :tada: The hub comes up at https://{hub}.{domain} once the deploy has finished.",
    },
    "thread.chore-users-removed": {
        "nb": "{admins} manuell oppgave: slett {users} fra hubbens database på https://{hub}.{domain}/hub/admin (JupyterHub beholder brukere som allerede finnes, selv om de er fjernet fra configen).",
        "en": "{admins} chore: delete {users} from the hub's database at https://{hub}.{domain}/hub/admin (JupyterHub keeps users that already exist, even when they are removed from the config).",
    },
    "thread.closed": {
        "nb": "Pull requesten ble lukket uten merge, så forespørselen er avbrutt.",
        "en": "The pull request was closed without a merge, so the request is cancelled.",
    },
    "thread.failed": {
        "nb": "{requester} noe gikk galt: {reason}",
        "en": "{requester} something went wrong: {reason}",
    },
    "thread.cancelled": {"nb": "Avbrutt av {user}.", "en": "Cancelled by {user}."},
    "thread.approval-needed": {
        "nb": "{admins} {requester} ber om å slette hubben `{hub}`. En knada-administrator (ikke den som spør) må godkjenne før pull requesten åpnes.",
        "en": "{admins} {requester} asks to delete the hub `{hub}`. A knada admin (not the requester) must approve before the pull request is opened.",
    },
    "thread.pr-closed-cancelled": {
        "nb": "Pull requesten er lukket fordi forespørselen ble avbrutt.",
        "en": "The pull request is closed because the request was cancelled.",
    },
    # Answers to the read-only commands.
    "answer.show": {
        "nb": "*{hub}*  ·  https://{hub}.{domain}  ·  `{path}`\nnamespace `{namespace}`\nbrukere: {users}\nminne {memory} · CPU {cpu} · {interface}\nmiljøvariabler: {envs}",
        "en": "*{hub}*  ·  https://{hub}.{domain}  ·  `{path}`\nnamespace `{namespace}`\nusers: {users}\nmemory {memory} · CPU {cpu} · {interface}\nenvironment variables: {envs}",
    },
    "answer.hubs": {"nb": "{count} huber:", "en": "{count} hubs:"},
    "answer.hub-line": {
        "nb": "• *{hub}*  https://{hub}.{domain}  ({users} brukere)",
        "en": "• *{hub}*  https://{hub}.{domain}  ({users} users)",
    },
    "answer.more": {"nb": "… og {count} til.", "en": "… and {count} more."},
    "answer.no-hubs": {
        "nb": "Det finnes ingen huber ennå. Lag en med `/knada hub create <navn>`.",
        "en": "There are no hubs yet. Create one with `/knada hub create <name>`.",
    },
    "answer.no-hubs-mine": {
        "nb": "Du er ikke bruker av noen hub. Se alle med `/knada hub list`.",
        "en": "You are not a user of any hub. See them all with `/knada hub list`.",
    },
    "answer.requests": {"nb": "Åpne forespørsler:", "en": "Open requests:"},
    "answer.request-line": {
        "nb": "• *{request_id}* {hub}: {what} · {state}{pr}",
        "en": "• *{request_id}* {hub}: {what} · {state}{pr}",
    },
    "answer.no-requests": {"nb": "Ingen åpne forespørsler.", "en": "No open requests."},
    "answer.no-such-request": {
        "nb": "Fant ingen forespørsel {request_id}. Se dine med `/knada requests --mine`.",
        "en": "There is no request {request_id}. See yours with `/knada requests --mine`.",
    },
    "answer.cancel-not-allowed": {
        "nb": "Bare den som bestilte {request_id} eller en knada-administrator kan avbryte den.",
        "en": "Only whoever asked for {request_id} or a knada admin can cancel it.",
    },
    "answer.cancel-too-late": {
        "nb": "{request_id} kan ikke avbrytes lenger: den er {state}.",
        "en": "{request_id} can no longer be cancelled: it is {state}.",
    },
    "answer.cancelled": {
        "nb": "{request_id} er avbrutt. Pull requesten lukkes.",
        "en": "{request_id} is cancelled. Its pull request is being closed.",
    },
    # Ephemeral answers to a command.
    "ack.received": {
        "nb": "Mottatt: {request_id} ({title}). Jeg åpner pull requesten og holder deg oppdatert i tråden under kortet.",
        "en": "Received: {request_id} ({title}). I'm opening the pull request and will keep you posted in the thread under the card.",
    },
    "ack.wrong-channel": {
        "nb": "Forespørsler tas imot i <#{channel}>. Skriv kommandoen der.",
        "en": "Requests are taken in <#{channel}>. Type the command there.",
    },
    "ack.error": {
        "nb": "Noe gikk galt hos knada-bot, og ingenting ble lagret. Prøv igjen om litt, eller spør i #knada.",
        "en": "Something went wrong in knada-bot, and nothing was saved. Try again in a moment, or ask in #knada.",
    },
}
