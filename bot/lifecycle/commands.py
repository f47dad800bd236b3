"""The commands a user can give after ``/knada`` (PRODUCT.md section 3), as parsed values.

The grammar (``grammar.parse``) turns text into one of these; nothing here has been checked against a
config yet. Users are ``Ident`` (typed NAV ident, not yet validated) or ``Mention`` (a Slack user,
``<@U123|name>``) until the identity resolver turns mentions into idents.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ident:
    value: str


@dataclass(frozen=True)
class Mention:
    user_id: str
    label: str | None = None


UserRef = Ident | Mention


@dataclass(frozen=True)
class CreateHub:
    ingress: str
    namespace: str | None = None
    users: tuple[UserRef, ...] = ()
    memory: str | None = None
    cpu: str | None = None  # as typed; planning turns it into a number
    classic: bool = False
    envs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AddUsers:
    hub: str
    users: tuple[UserRef, ...]


@dataclass(frozen=True)
class RemoveUsers:
    hub: str
    users: tuple[UserRef, ...]


@dataclass(frozen=True)
class SetLimits:
    hub: str
    memory: str | None = None
    cpu: str | None = None


@dataclass(frozen=True)
class SetEnv:
    hub: str
    name: str
    value: str


@dataclass(frozen=True)
class UnsetEnv:
    hub: str
    name: str


@dataclass(frozen=True)
class SetInterface:
    hub: str
    lab: bool


@dataclass(frozen=True)
class DeleteHub:
    hub: str


@dataclass(frozen=True)
class ShowHub:
    hub: str


@dataclass(frozen=True)
class ListHubs:
    mine: bool = False


@dataclass(frozen=True)
class ListRequests:
    mine: bool = False


@dataclass(frozen=True)
class Cancel:
    request_id: str


@dataclass(frozen=True)
class Help:
    topic: str | None = None


#: Commands that change a config and so become a request with a pull request.
ChangeCommand = CreateHub | AddUsers | RemoveUsers | SetLimits | SetEnv | UnsetEnv | SetInterface | DeleteHub
Command = ChangeCommand | ShowHub | ListHubs | ListRequests | Cancel | Help


#: The request kind each change command becomes (stored with the request, shown on cards and PRs).
KIND_OF: dict[type, str] = {
    CreateHub: "create",
    AddUsers: "users-add",
    RemoveUsers: "users-remove",
    SetLimits: "limits",
    SetEnv: "env-set",
    UnsetEnv: "env-unset",
    SetInterface: "ui",
    DeleteHub: "delete",
}
_COMMAND_OF = {kind: cls for cls, kind in KIND_OF.items()}


def kind_of(command: ChangeCommand) -> str:
    return KIND_OF[type(command)]


def to_params(command: ChangeCommand) -> dict[str, object]:
    """The command's values as JSON, to store with the request and plan it again later.

    Mentions must have been resolved to idents first: a stored request never depends on Slack again.
    """
    params: dict[str, object] = {}
    for name, value in vars(command).items():
        if name == "users":
            if any(isinstance(ref, Mention) for ref in value):
                raise ValueError("resolve mentions before storing a request")
            value = [ref.value for ref in value]
        elif name == "envs":
            value = [list(pair) for pair in value]
        params[name] = value
    return params


def from_params(kind: str, params: dict[str, object]) -> ChangeCommand:
    values = dict(params)
    if "users" in values:
        values["users"] = tuple(Ident(str(ident)) for ident in values["users"])  # type: ignore[union-attr]
    if "envs" in values:
        values["envs"] = tuple((str(n), str(v)) for n, v in values["envs"])  # type: ignore[union-attr]
    return _COMMAND_OF[kind](**values)
