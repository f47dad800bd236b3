"""Catalog texts: planning a request (refusals, pull request titles and bodies)."""

MESSAGES: dict[str, dict[str, str]] = {
    # Refusals: what was wrong, and what to do instead.
    "refusal.hub-not-found": {
        "nb": "Fant ingen hub med ingress `{hub}`.{suggestion} Se alle hubene med `/knada hub list`.",
        "en": "There is no hub with ingress `{hub}`.{suggestion} See every hub with `/knada hub list`.",
    },
    "refusal.did-you-mean": {
        "nb": " Mente du `{name}`?",
        "en": " Did you mean `{name}`?",
    },
    "refusal.hub-exists": {
        "nb": "Huben `{hub}` finnes allerede ({path}). Velg en annen ingress, eller be om endringer i den "
        "med `/knada hub users add {hub} ...`.",
        "en": "The hub `{hub}` already exists ({path}). Choose another ingress, or ask for changes to it with "
        "`/knada hub users add {hub} ...`.",
    },
    "refusal.path-taken": {
        "nb": "Filen `{path}` finnes allerede og beskriver huben `{other}`. Velg en annen ingress.",
        "en": "The file `{path}` already exists and describes the hub `{other}`. Choose another ingress.",
    },
    "refusal.not-a-user": {
        "nb": "Bare brukere av `{hub}` og knada-administratorer kan be om endringer i den, og `{ident}` er "
        "ikke bruker der. Be en av brukerne ({users}) om å sende forespørselen, eller spør i #knada.",
        "en": "Only users of `{hub}` and knada admins can ask for changes to it, and `{ident}` is not a user "
        "there. Ask one of its users ({users}) to send the request, or ask in #knada.",
    },
    "refusal.no-ident": {
        "nb": "Jeg vet ikke hvilken NAV-ident du har, så jeg kan ikke sjekke tilgangen din. Be en "
        "knada-administrator om å koble Slack-brukeren din til identen din.",
        "en": "I don't know your NAV ident, so I can't check your access. Ask a knada admin to link your "
        "Slack user to your ident.",
    },
    "refusal.ident-invalid": {
        "nb": "`{ident}` er ikke en NAV-ident. En ident er én liten bokstav og seks sifre, for eksempel "
        "`e152435`.",
        "en": "`{ident}` is not a NAV ident. An ident is one lowercase letter and six digits, for example "
        "`e152435`.",
    },
    "refusal.mention-unresolved": {
        "nb": "Fant ikke NAV-identen til {user}. Skriv identen i stedet (for eksempel `e152435`).",
        "en": "Could not find the NAV ident of {user}. Type the ident instead (for example `e152435`).",
    },
    "refusal.cpu-not-number": {
        "nb": "`--cpu {cpu}` er ikke et tall. Skriv for eksempel `--cpu 1` eller `--cpu 0.5`.",
        "en": "`--cpu {cpu}` is not a number. Write for example `--cpu 1` or `--cpu 0.5`.",
    },
    "refusal.invalid": {
        "nb": "Endringen ville gjort `{path}` ugyldig, så jeg åpner ingen pull request:\n{findings}",
        "en": "The change would make `{path}` invalid, so I won't open a pull request:\n{findings}",
    },
    "refusal.finding-line": {
        "nb": "• {message}",
        "en": "• {message}",
    },
    "refusal.cannot-edit": {
        "nb": "Jeg kan ikke endre `{path}` trygt: {reason}",
        "en": "I can't edit `{path}` safely: {reason}",
    },
    "refusal.cannot-create": {
        "nb": "Jeg kan ikke lage den configen: {reason}",
        "en": "I can't write that config: {reason}",
    },
    "refusal.noop-users-add": {
        "nb": "{idents} er allerede bruker av `{hub}`. Ingenting å endre.",
        "en": "{idents} is already a user of `{hub}`. Nothing to change.",
    },
    "refusal.noop-users-remove": {
        "nb": "{idents} er ikke bruker av `{hub}`. Ingenting å endre.",
        "en": "{idents} is not a user of `{hub}`. Nothing to change.",
    },
    "refusal.noop-limits": {
        "nb": "`{hub}` har allerede disse grensene (minne {memory}, CPU {cpu}). Ingenting å endre.",
        "en": "`{hub}` already has these limits (memory {memory}, CPU {cpu}). Nothing to change.",
    },
    "refusal.noop-env-set": {
        "nb": "`{name}` er allerede satt til den verdien i `{hub}`. Ingenting å endre.",
        "en": "`{name}` is already set to that value in `{hub}`. Nothing to change.",
    },
    "refusal.noop-env-unset": {
        "nb": "`{name}` er ikke satt i `{hub}`. Ingenting å fjerne. Satt nå: {names}.",
        "en": "`{name}` is not set in `{hub}`. Nothing to remove. Set now: {names}.",
    },
    "refusal.noop-ui": {
        "nb": "`{hub}` bruker allerede {interface}. Ingenting å endre.",
        "en": "`{hub}` already uses {interface}. Nothing to change.",
    },
    "refusal.remove-all-users": {
        "nb": "En hub må ha minst én bruker, og dette ville fjernet alle fra `{hub}`. Vil du fjerne huben, "
        "bruk `/knada hub delete {hub}`.",
        "en": "A hub must have at least one user, and this would remove everyone from `{hub}`. To remove the "
        "hub, use `/knada hub delete {hub}`.",
    },
    "refusal.none": {"nb": "ingen", "en": "none"},
    # Interface names, as users know them.
    "interface.lab": {"nb": "JupyterLab", "en": "JupyterLab"},
    "interface.classic": {"nb": "klassisk Jupyter Notebook", "en": "classic Jupyter Notebook"},
    "limits.default": {"nb": "{value} (standard)", "en": "{value} (default)"},
    # Pull request titles: "<hub>: <what>".
    "pr.title.create": {"nb": "Ny hub: {hub}", "en": "New hub: {hub}"},
    "pr.title.users-add": {"nb": "{hub}: legg til {idents}", "en": "{hub}: add {idents}"},
    "pr.title.users-remove": {"nb": "{hub}: fjern {idents}", "en": "{hub}: remove {idents}"},
    "pr.title.limits": {"nb": "{hub}: endre grenser ({summary})", "en": "{hub}: change limits ({summary})"},
    "pr.title.env-set": {"nb": "{hub}: sett {name}", "en": "{hub}: set {name}"},
    "pr.title.env-unset": {"nb": "{hub}: fjern {name}", "en": "{hub}: unset {name}"},
    "pr.title.ui": {"nb": "{hub}: bruk {interface}", "en": "{hub}: use {interface}"},
    "pr.title.delete": {"nb": "Slett hub: {hub}", "en": "Delete hub: {hub}"},
    # Pull request bodies: what changes, why, what happens after merge.
    "pr.body": {
        "nb": "{what}\n\n**Hvorfor:** bestilt av `{requester}` i #knada via knada-bot (forespørsel {request_id})."
        "\n\n**Etter merge:** {after}\n\n<sub>Åpnet av knada-bot. Endringen er validert med de samme "
        "reglene som repoets sjekk; en code owner må godkjenne.</sub>",
        "en": "{what}\n\n**Why:** requested by `{requester}` in #knada via knada-bot (request {request_id})."
        "\n\n**After merge:** {after}\n\n<sub>Opened by knada-bot. The change is validated with the same rules "
        "as the repo's check; a code owner must approve.</sub>",
    },
    "pr.what.create": {
        "nb": "Ny JupyterHub `{hub}` på https://{hub}.{domain} i namespace `{namespace}`, med brukerne {users}.",
        "en": "New JupyterHub `{hub}` at https://{hub}.{domain} in namespace `{namespace}`, with the users "
        "{users}.",
    },
    "pr.what.users-add": {
        "nb": "Legger til {idents} som brukere av `{hub}`.",
        "en": "Adds {idents} as users of `{hub}`.",
    },
    "pr.what.users-remove": {
        "nb": "Fjerner {idents} fra brukerne av `{hub}`.",
        "en": "Removes {idents} from the users of `{hub}`.",
    },
    "pr.what.limits": {
        "nb": "Endrer ressursgrensene til `{hub}`: {summary}.",
        "en": "Changes the resource limits of `{hub}`: {summary}.",
    },
    "pr.what.env-set": {
        "nb": "Setter miljøvariabelen `{name}` i `{hub}`.",
        "en": "Sets the environment variable `{name}` in `{hub}`.",
    },
    "pr.what.env-unset": {
        "nb": "Fjerner miljøvariabelen `{name}` fra `{hub}`.",
        "en": "Removes the environment variable `{name}` from `{hub}`.",
    },
    "pr.what.ui": {
        "nb": "`{hub}` skal bruke {interface}.",
        "en": "`{hub}` is to use {interface}.",
    },
    "pr.what.delete": {
        "nb": "Sletter huben `{hub}` (`{path}`, namespace `{namespace}`). Godkjent av en knada-administrator "
        "i Slack.",
        "en": "Deletes the hub `{hub}` (`{path}`, namespace `{namespace}`). Approved by a knada admin in Slack.",
    },
    "pr.after.create": {
        "nb": "huben deployes til https://{hub}.{domain} (helm-release `jupyterhub-{hub}` i `{namespace}`).",
        "en": "the hub is deployed at https://{hub}.{domain} (helm release `jupyterhub-{hub}` in "
        "`{namespace}`).",
    },
    "pr.after.users-add": {
        "nb": "de nye brukerne kan logge inn på https://{hub}.{domain} når deployen er ferdig.",
        "en": "the new users can log in at https://{hub}.{domain} once the deploy has finished.",
    },
    "pr.after.users-remove": {
        "nb": "en knada-administrator må også slette brukerne fra hubens database på "
        "https://{hub}.{domain}/hub/admin: JupyterHub beholder brukere som allerede finnes.",
        "en": "a knada admin must also delete the users from the hub's database at "
        "https://{hub}.{domain}/hub/admin: JupyterHub keeps users that already exist.",
    },
    "pr.after.limits": {
        "nb": "grensene gjelder først når serveren startes på nytt: stopp og start den på "
        "https://{hub}.{domain}/home.",
        "en": "the limits apply only once a server is restarted: stop and start it at "
        "https://{hub}.{domain}/home.",
    },
    "pr.after.env-set": {
        "nb": "variabelen gjelder for servere som startes etter deployen (https://{hub}.{domain}/home).",
        "en": "the variable applies to servers started after the deploy (https://{hub}.{domain}/home).",
    },
    "pr.after.env-unset": {
        "nb": "endringen gjelder for servere som startes etter deployen (https://{hub}.{domain}/home).",
        "en": "the change applies to servers started after the deploy (https://{hub}.{domain}/home).",
    },
    "pr.after.ui": {
        "nb": "nye servere åpner {interface}; start serveren på nytt på https://{hub}.{domain}/home.",
        "en": "new servers open {interface}; restart your server at https://{hub}.{domain}/home.",
    },
    "pr.after.delete": {
        "nb": "deployen fjerner ingenting selv: en knada-administrator avinstallerer helm-releasen "
        "`jupyterhub-{hub}` i `{namespace}` og sletter namespacet.",
        "en": "the deploy removes nothing by itself: a knada admin uninstalls the helm release "
        "`jupyterhub-{hub}` in `{namespace}` and deletes the namespace.",
    },
}
