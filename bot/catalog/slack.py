"""Catalog texts: Slack (the status card and its buttons, thread replies, answers, forms, the App Home).

Texts are mrkdwn (a literal `<` is written `&lt;`) unless their key says otherwise: ``button.*``, ``confirm.*``, ``form.title.*``,
``form.field.*``, ``form.hint.*``, ``form.placeholder.*``, ``menu.*``, ``home.title`` and the ``home.*``
headers are plain text (Slack shows them as typed), and so are the field errors of a form.
"""

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
        "nb": "venter på godkjenning fra en knada-administrator (ikke den som bestilte)",
        "en": "waiting for approval by a knada admin (not the requester)",
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
        "nb": "venter på at knada-administratorene gjør de manuelle oppgavene ({done} av {total} gjort)",
        "en": "waiting for the knada admins to do the chores ({done} of {total} done)",
    },
    "card.unchanged": {"nb": "uendret", "en": "unchanged"},
    "card.admins": {"nb": "knada-administratorene", "en": "the knada admins"},
    "card.deletion-approved-by": {"nb": "Sletting godkjent av {user}", "en": "Deletion approved by {user}"},
    "card.rejected-by": {"nb": "Sletting avvist av {user}", "en": "Deletion rejected by {user}"},
    "card.chores": {
        "nb": "*Manuelle oppgaver for knada-administratorene*",
        "en": "*Chores for the knada admins*",
    },
    "card.chore-done-by": {"nb": "gjort av {user} {when}", "en": "done by {user} {when}"},
    # The chores themselves (values are escaped by the card).
    "chore.helm-release": {
        "nb": "Avinstaller helm-releasen `{release}` i namespacet `{namespace}`: `helm uninstall {release} -n {namespace}`",
        "en": "Uninstall the helm release `{release}` in the namespace `{namespace}`: `helm uninstall {release} -n {namespace}`",
    },
    "chore.namespace": {
        "nb": "Slett namespacet `{namespace}`: `kubectl delete namespace {namespace}`",
        "en": "Delete the namespace `{namespace}`: `kubectl delete namespace {namespace}`",
    },
    "chore.hub-users": {
        "nb": "Slett {users} fra hubbens database på {url} (JupyterHub beholder brukere som finnes, selv når de er fjernet fra configen)",
        "en": "Delete {users} from the hub's database at {url} (JupyterHub keeps users that exist, even when they are removed from the config)",
    },
    # Buttons (plain text, at most 75 characters) and their confirmation dialogs.
    "button.open-pr": {"nb": "Se PR", "en": "View PR"},
    "button.approve": {"nb": "Godkjenn sletting", "en": "Approve deletion"},
    "button.reject": {"nb": "Avvis", "en": "Reject"},
    "button.rebuild": {"nb": "Bygg på nytt fra main", "en": "Rebuild on latest main"},
    "button.retry": {"nb": "Prøv igjen", "en": "Retry"},
    "button.resubmit": {"nb": "Endre og send på nytt", "en": "Edit and resubmit"},
    "button.cancel": {"nb": "Avbryt forespørselen", "en": "Cancel request"},
    "button.chore-done": {"nb": "Gjort", "en": "Done"},
    "button.change": {"nb": "Endre", "en": "Change"},
    "button.new-hub": {"nb": "Ny hub", "en": "New hub"},
    "confirm.no": {"nb": "Nei", "en": "No"},
    "confirm.approve.title": {"nb": "Godkjenne slettingen?", "en": "Approve the deletion?"},
    "confirm.approve.text": {
        "nb": "Pull requesten som sletter hubben {hub} ({request_id}) åpnes, og etter merge må helm-releasen og namespacet ryddes bort.",
        "en": "The pull request deleting the hub {hub} ({request_id}) is opened, and after its merge the helm release and the namespace must be cleaned up.",
    },
    "confirm.approve.yes": {"nb": "Godkjenn", "en": "Approve"},
    "confirm.reject.title": {"nb": "Avvise slettingen?", "en": "Reject the deletion?"},
    "confirm.reject.text": {
        "nb": "Hubben {hub} blir stående, og forespørselen {request_id} avsluttes.",
        "en": "The hub {hub} stays, and the request {request_id} ends.",
    },
    "confirm.reject.yes": {"nb": "Avvis", "en": "Reject"},
    "confirm.cancel.title": {"nb": "Avbryte forespørselen?", "en": "Cancel the request?"},
    "confirm.cancel.text": {
        "nb": "{request_id} avbrytes, og pull requesten lukkes uten merge.",
        "en": "{request_id} is cancelled, and its pull request is closed without a merge.",
    },
    "confirm.cancel.yes": {"nb": "Avbryt den", "en": "Cancel it"},
    "confirm.delete.title": {"nb": "Be om sletting?", "en": "Ask for deletion?"},
    "confirm.delete.text": {
        "nb": "Du ser endringen før noe sendes. En knada-administrator må godkjenne før hubben {hub} slettes.",
        "en": "You see the change before anything is sent. A knada admin must approve before the hub {hub} is deleted.",
    },
    "confirm.delete.yes": {"nb": "Fortsett", "en": "Continue"},
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
        "nb": "Merget :tada: Hubben kommer opp på https://{hub}.{domain} når deployen er ferdig.\n"
        "*VS Code:* lag et token på https://{hub}.{domain}/hub/token, og koble til med «Existing Jupyter Server» og adressen `https://{hub}.{domain}/user/{ident}/?token=&lt;tokenet&gt;`.",
        "en": "Merged :tada: The hub comes up at https://{hub}.{domain} once the deploy has finished.\n"
        "*VS Code:* make a token at https://{hub}.{domain}/hub/token, then connect with “Existing Jupyter Server” and the URI `https://{hub}.{domain}/user/{ident}/?token=&lt;your token&gt;`.",
    },
    "thread.merged-limits": {
        "nb": "Merget :tada: De nye grensene gjelder først når serveren startes på nytt: stopp og start den på https://{hub}.{domain}/home når deployen er ferdig.",
        "en": "Merged :tada: The new limits apply only once a server is restarted: stop and start yours at https://{hub}.{domain}/home once the deploy has finished.",
    },
    "thread.merged-restart": {
        "nb": "Merget :tada: Endringen gjelder for servere som startes etter deployen: start serveren din på nytt på https://{hub}.{domain}/home.",
        "en": "Merged :tada: The change applies to servers started after the deploy: restart yours at https://{hub}.{domain}/home.",
    },
    "thread.merged-delete": {
        "nb": "Merget: configen til `{hub}` er borte. Deployen fjerner ingenting selv, så nå gjenstår oppgavene på kortet.",
        "en": "Merged: the config of `{hub}` is gone. The deploy removes nothing by itself, so the chores on the card remain.",
    },
    "thread.chore-users-removed": {
        "nb": "{admins} manuell oppgave, hak av med «Gjort» på kortet når den er gjort:\n{chores}",
        "en": "{admins} a chore for you, tick it off with “Done” on the card once it is done:\n{chores}",
    },
    "thread.chores-needed": {
        "nb": "{admins} manuelle oppgaver etter slettingen av `{hub}`, hak dem av med «Gjort» på kortet:\n{chores}",
        "en": "{admins} chores after the deletion of `{hub}`, tick them off with “Done” on the card:\n{chores}",
    },
    "thread.chore-done": {
        "nb": ":white_check_mark: {chore} (gjort av {user})",
        "en": ":white_check_mark: {chore} (done by {user})",
    },
    "thread.chores-done": {
        "nb": "Alle de manuelle oppgavene er gjort. Forespørselen er ferdig.",
        "en": "All the chores are done. The request is finished.",
    },
    "thread.deletion-approved": {
        "nb": "Slettingen er godkjent av {user}. Jeg åpner pull requesten.",
        "en": "The deletion is approved by {user}. I'm opening the pull request.",
    },
    "thread.deletion-rejected": {
        "nb": "{requester} slettingen ble avvist av {user}. Hubben blir stående.",
        "en": "{requester} the deletion was rejected by {user}. The hub stays.",
    },
    "thread.retried": {
        "nb": "{user} prøver igjen: jeg planlegger endringen på nytt mot siste main.",
        "en": "{user} is retrying: I'm planning the change again against the latest main.",
    },
    "thread.rebuilding": {
        "nb": "{user} ba om å bygge endringen på nytt fra siste main.",
        "en": "{user} asked to rebuild the change on the latest main.",
    },
    "thread.rebuilt": {
        "nb": "Endringen er bygget på nytt fra siste main i <{url}|#{number}>. Sjekkene kjører igjen.",
        "en": "The change is rebuilt on the latest main in <{url}|#{number}>. The checks run again.",
    },
    "thread.conflict": {
        "nb": "{requester} pull requesten kan ikke merges: main er endret siden den ble åpnet. Trykk «Bygg på nytt fra main» på kortet.",
        "en": "{requester} the pull request can't be merged: main has changed since it was opened. Press “Rebuild on latest main” on the card.",
    },
    "thread.replaced": {
        "nb": "Erstattet av {request_id} ({user} endret og sendte den på nytt).",
        "en": "Replaced by {request_id} ({user} edited and resubmitted it).",
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
        "nb": "Det finnes ingen huber ennå. Lag en med `/knada hub create &lt;navn&gt;`.",
        "en": "There are no hubs yet. Create one with `/knada hub create &lt;name&gt;`.",
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
    "answer.show-not-yours": {
        "nb": "Bare brukerne av hubben og knada-administratorene kan be om endringer i den.",
        "en": "Only the hub's users and the knada admins can ask for changes to it.",
    },
    "answer.requests-mine": {"nb": "Dine åpne forespørsler:", "en": "Your open requests:"},
    "answer.no-requests-mine": {
        "nb": "Du har ingen åpne forespørsler. Se alle med `/knada requests`.",
        "en": "You have no open requests. See everyone's with `/knada requests`.",
    },
    "answer.not-a-deletion": {
        "nb": "{request_id} er ikke en sletting, så den trenger ingen godkjenning i Slack.",
        "en": "{request_id} is not a deletion, so it needs no approval in Slack.",
    },
    "answer.already-approved": {
        "nb": "{request_id} er allerede godkjent av {user}.",
        "en": "{request_id} was already approved by {user}.",
    },
    "answer.already-rejected": {
        "nb": "{request_id} er allerede avvist av {user}.",
        "en": "{request_id} was already rejected by {user}.",
    },
    "answer.not-awaiting": {
        "nb": "{request_id} venter ikke på godkjenning lenger: den er {state}.",
        "en": "{request_id} is no longer waiting for approval: it is {state}.",
    },
    "answer.approved": {
        "nb": "Du godkjente slettingen av `{hub}` ({request_id}). Jeg åpner pull requesten.",
        "en": "You approved the deletion of `{hub}` ({request_id}). I'm opening the pull request.",
    },
    "answer.rejected": {
        "nb": "Du avviste slettingen av `{hub}` ({request_id}).",
        "en": "You rejected the deletion of `{hub}` ({request_id}).",
    },
    "answer.nothing-to-retry": {
        "nb": "{request_id} har ikke feilet, så det er ingenting å prøve igjen: den er {state}.",
        "en": "{request_id} has not failed, so there is nothing to retry: it is {state}.",
    },
    "answer.retrying": {
        "nb": "Jeg prøver {request_id} igjen. Følg med i tråden.",
        "en": "Retrying {request_id}. Follow it in the thread.",
    },
    "answer.nothing-to-rebuild": {
        "nb": "{request_id} har ingen åpen pull request å bygge på nytt: den er {state}.",
        "en": "{request_id} has no open pull request to rebuild: it is {state}.",
    },
    "answer.rebuilding": {
        "nb": "Jeg bygger {request_id} på nytt fra siste main. Følg med i tråden.",
        "en": "Rebuilding {request_id} on the latest main. Follow it in the thread.",
    },
    "answer.no-such-chore": {
        "nb": "{request_id} har ingen slik oppgave.",
        "en": "{request_id} has no such chore.",
    },
    "answer.chore-already-done": {
        "nb": "Allerede gjort av {user} {when}: {chore}",
        "en": "Already done by {user} {when}: {chore}",
    },
    "answer.no-chores-left": {
        "nb": "{request_id} har ingen manuelle oppgaver igjen: den er {state}.",
        "en": "{request_id} has no chores left: it is {state}.",
    },
    "answer.chore-done": {
        "nb": "Notert som gjort ({request_id}): {chore}",
        "en": "Noted as done ({request_id}): {chore}",
    },
    # Refusals of the access check (plain text; the Slack layer escapes them).
    "access.not-requester": {
        "nb": "Bare den som bestilte {request_id} eller en knada-administrator kan gjøre det.",
        "en": "Only whoever asked for {request_id} or a knada admin can do that.",
    },
    "access.admins-decide": {
        "nb": "Bare knada-administratorene kan godkjenne eller avvise slettingen i {request_id}.",
        "en": "Only the knada admins can approve or reject the deletion in {request_id}.",
    },
    "access.own-deletion": {
        "nb": "Du bestilte slettingen i {request_id} selv, så en annen knada-administrator må godkjenne eller avvise den.",
        "en": "You asked for the deletion in {request_id} yourself, so another knada admin must approve or reject it.",
    },
    "access.admins-do-chores": {
        "nb": "Bare knada-administratorene kan hake av oppgavene i {request_id}.",
        "en": "Only the knada admins can tick off the chores of {request_id}.",
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
    "ack.form-failed": {
        "nb": "Jeg fikk ikke åpnet skjemaet (Slack rakk det ikke). Prøv igjen, eller skriv alt på kommandolinjen: `/knada hub create &lt;ingress&gt; ...`.",
        "en": "I couldn't open the form (Slack ran out of time). Try again, or type it all on the command line: `/knada hub create &lt;ingress&gt; ...`.",
    },
    "ack.error": {
        "nb": "Noe gikk galt hos knada-bot, og ingenting ble lagret. Prøv igjen om litt, eller spør i #knada.",
        "en": "Something went wrong in knada-bot, and nothing was saved. Try again in a moment, or ask in #knada.",
    },
    # Forms (modals). Titles at most 24 characters; labels, hints and placeholders are plain text.
    "form.title.create": {"nb": "Ny hub", "en": "New hub"},
    "form.title.users-add": {"nb": "Legg til brukere", "en": "Add users"},
    "form.title.users-remove": {"nb": "Fjern brukere", "en": "Remove users"},
    "form.title.limits": {"nb": "Endre grenser", "en": "Change limits"},
    "form.title.env-set": {"nb": "Sett miljøvariabel", "en": "Set a variable"},
    "form.title.env-unset": {"nb": "Fjern miljøvariabel", "en": "Remove a variable"},
    "form.title.ui": {"nb": "Bytt grensesnitt", "en": "Switch interface"},
    "form.title.delete": {"nb": "Slett hub", "en": "Delete hub"},
    "form.submit": {"nb": "Se endringen", "en": "Preview"},
    "form.close": {"nb": "Avbryt", "en": "Cancel"},
    "form.create.intro": {
        "nb": "En ny JupyterHub på https://&lt;ingress&gt;.{domain}. Du blir selv bruker av den. Når du trykker «Se endringen», ser du configen før noe sendes.",
        "en": "A new JupyterHub at https://&lt;ingress&gt;.{domain}. You are always one of its users. “Preview” shows you the config before anything is sent.",
    },
    "form.hub": {
        "nb": "Hubben *{hub}* · https://{hub}.{domain}",
        "en": "The hub *{hub}* · https://{hub}.{domain}",
    },
    "form.now.users": {"nb": "Brukere nå: {users}", "en": "Users now: {users}"},
    "form.now.limits": {"nb": "Nå: minne {memory} · CPU {cpu}", "en": "Now: memory {memory} · CPU {cpu}"},
    "form.now.envs": {"nb": "Miljøvariabler nå: {names}", "en": "Environment variables now: {names}"},
    "form.now.interface": {"nb": "Nå: {interface}", "en": "Now: {interface}"},
    "form.delete.explain": {
        "nb": "Hele hubben *{hub}* slettes: configen fjernes med en pull request, og etterpå avinstallerer en knada-administrator helm-releasen og sletter namespacet `{namespace}`, med alle notebookene i det. En annen knada-administrator enn deg må godkjenne først.",
        "en": "The whole hub *{hub}* is deleted: a pull request removes its config, and afterwards a knada admin uninstalls the helm release and deletes the namespace `{namespace}`, with every notebook in it. A knada admin other than you must approve first.",
    },
    "form.field.ingress": {"nb": "Ingress (navnet på hubben)", "en": "Ingress (the hub's name)"},
    "form.field.namespace": {"nb": "Namespace", "en": "Namespace"},
    "form.field.people": {"nb": "Flere brukere fra Slack", "en": "More users from Slack"},
    "form.field.idents": {"nb": "Flere brukere (NAV-identer)", "en": "More users (NAV idents)"},
    "form.field.memory": {"nb": "Minne", "en": "Memory"},
    "form.field.cpu": {"nb": "CPU", "en": "CPU"},
    "form.field.interface": {"nb": "Grensesnitt", "en": "Interface"},
    "form.field.envs": {"nb": "Miljøvariabler", "en": "Environment variables"},
    "form.field.remove": {"nb": "Brukere som skal fjernes", "en": "Users to remove"},
    "form.field.name": {"nb": "Navn", "en": "Name"},
    "form.field.name-unset": {"nb": "Variabelen som skal fjernes", "en": "The variable to remove"},
    "form.field.value": {"nb": "Verdi", "en": "Value"},
    "form.field.channel": {"nb": "Kanal for statuskortet", "en": "Channel for the status card"},
    "form.placeholder.ingress": {"nb": "for eksempel team-analyse", "en": "for example team-analytics"},
    "form.placeholder.namespace": {"nb": "samme som ingress", "en": "same as the ingress"},
    "form.placeholder.idents": {"nb": "e152435, k654321", "en": "e152435, k654321"},
    "form.placeholder.memory": {"nb": "for eksempel 4GB", "en": "for example 4GB"},
    "form.placeholder.cpu": {"nb": "for eksempel 1 eller 0.5", "en": "for example 1 or 0.5"},
    "form.placeholder.envs": {"nb": "TZ=Europe/Oslo", "en": "TZ=Europe/Oslo"},
    "form.placeholder.name": {"nb": "for eksempel TZ", "en": "for example TZ"},
    "form.placeholder.value": {"nb": "for eksempel Europe/Oslo", "en": "for example Europe/Oslo"},
    "form.placeholder.remove": {"nb": "e152435, k654321", "en": "e152435, k654321"},
    "form.hint.ingress": {
        "nb": "Små bokstaver, tall og bindestrek, høyst 42 tegn. Hubben blir https://<ingress>.{domain}.",
        "en": "Lowercase letters, digits and dashes, at most 42 characters. The hub is served at https://<ingress>.{domain}.",
    },
    "form.hint.namespace": {
        "nb": "Kubernetes-namespacet hubben kjører i; tomt betyr det samme som ingress.",
        "en": "The Kubernetes namespace the hub runs in; empty means the same as the ingress.",
    },
    "form.hint.idents": {
        "nb": "Én liten bokstav og seks sifre, skilt med komma eller mellomrom.",
        "en": "One lowercase letter and six digits each, separated by commas or spaces.",
    },
    "form.hint.memory": {
        "nb": "En størrelse som 4GB, 512MB, 4G eller 512M. Standard: {memory}.",
        "en": "A size like 4GB, 512MB, 4G or 512M. Default: {memory}.",
    },
    "form.hint.cpu": {
        "nb": "Et tall, med punktum: 1, 2 eller 0.5. Standard: {cpu}.",
        "en": "A number: 1, 2 or 0.5. Default: {cpu}.",
    },
    "form.hint.envs": {
        "nb": "Én NAVN=verdi per linje. Verdien kan ikke inneholde & < > \" '.",
        "en": "One NAME=value per line. The value can't contain & < > \" '.",
    },
    "form.hint.name": {
        "nb": "Bokstaver, sifre og understrek; finnes den fra før, får den den nye verdien.",
        "en": "Letters, digits and underscores; if it exists, it gets the new value.",
    },
    "form.hint.value": {
        "nb": "Kan ikke inneholde & < > \" ' eller linjeskift.",
        "en": "Can't contain & < > \" ' or a line break.",
    },
    "form.hint.remove": {
        "nb": "NAV-identer, skilt med komma eller mellomrom.",
        "en": "NAV idents, separated by commas or spaces.",
    },
    "form.hint.people": {
        "nb": "De må ha NAV-identen sin i Slack-profilen; ellers skriv identen under.",
        "en": "They need their NAV ident in their Slack profile; otherwise type the ident below.",
    },
    "form.hint.channel": {
        "nb": "Her legger jeg statuskortet og følger opp forespørselen i tråden.",
        "en": "Where I post the status card and follow the request up in its thread.",
    },
    "form.error.no-users": {
        "nb": "Velg noen i Slack eller skriv minst én NAV-ident.",
        "en": "Choose someone in Slack or type at least one NAV ident.",
    },
    "form.error.no-limits": {
        "nb": "Skriv nytt minne, ny CPU eller begge.",
        "en": "Give a new memory limit, a new CPU limit, or both.",
    },
    "form.error.too-long": {
        "nb": "Forespørselen er for lang for Slack. Del den opp, eller bruk kommandolinjen.",
        "en": "The request is too long for Slack. Split it up, or use the command line.",
    },
    # The preview of a change (its submit opens the pull request).
    "preview.title": {"nb": "Se over endringen", "en": "Check the change"},
    "preview.submit": {"nb": "Åpne pull request", "en": "Open pull request"},
    "preview.submit.delete": {"nb": "Be om godkjenning", "en": "Ask for approval"},
    "preview.intro": {
        "nb": "*{title}*\n{what}\nDette blir en pull request mot `{repo}`:",
        "en": "*{title}*\n{what}\nThis becomes a pull request against `{repo}`:",
    },
    "preview.after": {
        "nb": "Jeg legger et statuskort i kanalen og følger pull requesten i tråden til den er merget. En code owner må godkjenne den.",
        "en": "I post a status card in the channel and follow the pull request in its thread until it is merged. A code owner must approve it.",
    },
    "preview.after.delete": {
        "nb": "En knada-administrator (ikke deg) må godkjenne på statuskortet før pull requesten åpnes.",
        "en": "A knada admin (not you) must approve on the status card before the pull request is opened.",
    },
    # Notices: modals that only say something.
    "notice.title": {"nb": "knada-bot", "en": "knada-bot"},
    "notice.close": {"nb": "Lukk", "en": "Close"},
    "notice.refused": {"nb": "Det gikk ikke", "en": "That didn't work"},
    "notice.received-title": {"nb": "Mottatt", "en": "Received"},
    "notice.no-variables": {
        "nb": "`{hub}` har ingen miljøvariabler å fjerne.",
        "en": "`{hub}` has no environment variables to remove.",
    },
    "notice.received": {
        "nb": "Mottatt: *{request_id}* ({title}). Statuskortet ligger i {channel}, og jeg holder deg oppdatert i tråden under det.",
        "en": "Received: *{request_id}* ({title}). The status card is in {channel}, and I'll keep you posted in the thread under it.",
    },
    # The menu of changes to a hub (App Home) and the buttons of `hub show`.
    "menu.placeholder": {"nb": "Endre…", "en": "Change…"},
    "menu.users-add": {"nb": "Legg til brukere", "en": "Add users"},
    "menu.users-remove": {"nb": "Fjern brukere", "en": "Remove users"},
    "menu.limits": {"nb": "Endre grenser", "en": "Change limits"},
    "menu.env-set": {"nb": "Sett miljøvariabel", "en": "Set a variable"},
    "menu.env-unset": {"nb": "Fjern miljøvariabel", "en": "Remove a variable"},
    "menu.ui": {"nb": "Bytt grensesnitt", "en": "Switch interface"},
    "menu.delete": {"nb": "Slett hubben", "en": "Delete the hub"},
    # The App Home tab.
    "home.title": {"nb": "knada-bot", "en": "knada-bot"},
    "home.intro": {
        "nb": "Be om en JupyterHub, flere brukere, mer minne eller en miljøvariabel, så åpner jeg pull requesten og følger den opp. Alt her finnes også som `/knada`-kommandoer: `/knada help`.",
        "en": "Ask for a JupyterHub, more users, more memory or an environment variable, and I open the pull request and follow it up. Everything here is also a `/knada` command: `/knada help`.",
    },
    "home.hubs": {"nb": "Dine huber", "en": "Your hubs"},
    "home.hub": {
        "nb": "*<https://{hub}.{domain}|{hub}>* · {users} brukere · minne {memory} · CPU {cpu} · {interface}",
        "en": "*<https://{hub}.{domain}|{hub}>* · {users} users · memory {memory} · CPU {cpu} · {interface}",
    },
    "home.no-hubs": {
        "nb": "Du er ikke bruker av noen hub ennå. Lag en med «Ny hub», eller be en bruker av en hub om å legge deg til.",
        "en": "You are not a user of any hub yet. Create one with “New hub”, or ask a user of a hub to add you.",
    },
    "home.requests": {"nb": "Dine åpne forespørsler", "en": "Your open requests"},
    "home.request": {
        "nb": "*{request_id}* {title} · {state}{pr}",
        "en": "*{request_id}* {title} · {state}{pr}",
    },
    "home.no-requests": {"nb": "Ingen åpne forespørsler.", "en": "No open requests."},
    "home.approvals": {"nb": "Venter på godkjenning", "en": "Waiting for approval"},
    "home.no-approvals": {
        "nb": "Ingen slettinger venter på godkjenning.",
        "en": "No deletions are waiting for approval.",
    },
    "home.asked-by": {"nb": "bestilt av {requester}", "en": "asked by {requester}"},
    "home.own-deletion": {
        "nb": "Du bestilte denne selv, så en annen knada-administrator må godkjenne den.",
        "en": "You asked for this yourself, so another knada admin must approve it.",
    },
    "home.chores": {"nb": "Manuelle oppgaver", "en": "Open chores"},
    "home.no-chores": {"nb": "Ingen manuelle oppgaver venter.", "en": "No chores are waiting."},
    "home.more.hubs": {
        "nb": "… og {count} huber til: `/knada hub list --mine`.",
        "en": "… and {count} more hubs: `/knada hub list --mine`.",
    },
    "home.more.requests": {
        "nb": "… og flere: `/knada requests --mine`.",
        "en": "… and more: `/knada requests --mine`.",
    },
    "home.more.approvals": {
        "nb": "… og {count} til: se kortene i kanalen.",
        "en": "… and {count} more: see the cards in the channel.",
    },
    "home.more.chores": {
        "nb": "… og {count} forespørsler til med oppgaver: se kortene i kanalen.",
        "en": "… and {count} more requests with chores: see the cards in the channel.",
    },
}
