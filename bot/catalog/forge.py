"""Catalog texts: forge (GitHub and the local git forge): errors a user or admin may see, and the texts the
local forge writes where GitHub's people and checks would (commit messages, check summaries)."""

MESSAGES: dict[str, dict[str, str]] = {
    # Transient: the request stays queued and is retried.
    "forge.unavailable": {
        "nb": "GitHub svarer ikke som det skal akkurat nå (HTTP {status}). Forespørselen prøves igjen senere.",
        "en": "GitHub is not answering properly right now (HTTP {status}). The request will be retried later.",
    },
    "forge.unreachable": {
        "nb": "Får ikke kontakt med GitHub. Forespørselen prøves igjen senere.",
        "en": "Cannot reach GitHub. The request will be retried later.",
    },
    "forge.git-failed": {
        "nb": "git {command} feilet: {detail}",
        "en": "git {command} failed: {detail}",
    },
    # Permanent: retrying the same call won't help.
    "forge.bad-credentials": {
        "nb": "GitHub godtar ikke botens legitimasjon. En admin må sjekke GitHub-tokenet eller GitHub-appen.",
        "en": "GitHub does not accept the bot's credentials. An admin must check the GitHub token or app.",
    },
    "forge.forbidden": {
        "nb": "Boten har ikke tilgang til dette i config-repoet på GitHub. En admin må sjekke rettighetene.",
        "en": "The bot is not allowed to do this in the config repo on GitHub. An admin must check its "
        "permissions.",
    },
    "forge.not-found": {
        "nb": "Fant ikke config-repoet eller pull requesten på GitHub (eller boten har ikke tilgang til det).",
        "en": "The config repo or the pull request was not found on GitHub (or the bot has no access to it).",
    },
    "forge.rejected": {
        "nb": "GitHub avviste forespørselen (HTTP {status}): {detail}",
        "en": "GitHub rejected the request (HTTP {status}): {detail}",
    },
    "forge.archive-too-large": {
        "nb": "Config-repoet er for stort til å lastes ned som arkiv.",
        "en": "The config repo is too large to download as an archive.",
    },
    "forge.not-a-git-repo": {
        "nb": "{path} er ikke et git-repo med config-repoet.",
        "en": "{path} is not a git repository holding the config repo.",
    },
    "forge.no-branch": {
        "nb": "Branchen {branch} finnes ikke i config-repoet.",
        "en": "The branch {branch} does not exist in the config repo.",
    },
    "forge.no-pull-request": {
        "nb": "Pull request #{number} finnes ikke.",
        "en": "Pull request #{number} does not exist.",
    },
    "forge.pull-request-not-open": {
        "nb": "Pull request #{number} er ikke åpen lenger.",
        "en": "Pull request #{number} is no longer open.",
    },
    "forge.bad-path": {
        "nb": "{path} er ikke en hub-config (den må ligge i configs/ og slutte på .yaml).",
        "en": "{path} is not a hub config (it must be in configs/ and end in .yaml).",
    },
    "forge.stale-change": {
        "nb": "{path} er endret i config-repoet siden endringen ble planlagt. Planlegg den på nytt mot siste "
        "versjon.",
        "en": "{path} has changed in the config repo since the change was planned. Plan it again against the "
        "latest version.",
    },
    "forge.merge-conflict": {
        "nb": "Pull request #{number} er i konflikt med main og kan ikke merges. Bygg endringen på nytt på "
        "siste main.",
        "en": "Pull request #{number} conflicts with main and cannot be merged. Rebuild the change on the "
        "latest main.",
    },
    "forge.merge-blocked": {
        "nb": "Pull request #{number} kan ikke merges ennå: sjekken må være grønn og en kodeeier må godkjenne.",
        "en": "Pull request #{number} cannot be merged yet: the check must pass and a code owner must approve.",
    },
    # Settings (the variable is named, its value never shown).
    "forge.config-no-credentials": {
        "nb": "Mangler GitHub-legitimasjon: sett GITHUB_TOKEN, eller GITHUB_APP_ID og GITHUB_APP_PRIVATE_KEY.",
        "en": "GitHub credentials are missing: set GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY.",
    },
    "forge.config-invalid": {
        "nb": "GitHub-innstillingene kan ikke brukes: {problems}",
        "en": "The GitHub settings can't be used: {problems}",
    },
    "forge.config-missing": {
        "nb": "{variable} må være satt.",
        "en": "{variable} must be set.",
    },
    "forge.config-not-a-number": {
        "nb": "{variable} må være et tall.",
        "en": "{variable} must be a number.",
    },
    "forge.config-bad-repo": {
        "nb": "{variable} må ha formen eier/navn, for eksempel navikt/knada-jupyterhub.",
        "en": "{variable} must look like owner/name, for example navikt/knada-jupyterhub.",
    },
    "forge.config-bad-url": {
        "nb": "{variable} må være en http- eller https-adresse.",
        "en": "{variable} must be an http or https URL.",
    },
    "forge.config-unreadable-key": {
        "nb": "{variable} er verken en PEM-nøkkel eller en fil som kan leses.",
        "en": "{variable} is neither a PEM key nor a readable file.",
    },
    "forge.config-bad-key": {
        "nb": "{variable} er ikke en gyldig privat nøkkel i PEM-format (uten passord).",
        "en": "{variable} is not a valid private key in PEM format (without a passphrase).",
    },
    # Written by the local forge where GitHub, its check or its merge button would.
    "forge.check-commit-message": {
        "nb": "Legg til kryptert secretToken i {path}",
        "en": "Add encrypted secretToken to {path}",
    },
    "forge.check-passed": {
        "nb": "Ingen feil i hub-configene.",
        "en": "No errors in the hub configs.",
    },
    "forge.check-failed": {
        "nb": "{count} feil i hub-configene:\n{findings}",
        "en": "{count} errors in the hub configs:\n{findings}",
    },
    "forge.merge-commit-message": {
        "nb": "Merge pull request #{number} fra {branch}\n\n{title}",
        "en": "Merge pull request #{number} from {branch}\n\n{title}",
    },
}
