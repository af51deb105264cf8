"""``create-user``: the first administrator of a deployment, or any account (there is no admin
UI yet); ``--person`` links a staff account to the person its holder is, so the
conflict-of-interest rule (``governance.bank.conflicts``) applies to them."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import IntegrityError

from governance.access.passwords import PasswordRejected, Passwords
from governance.access.principal import Grant
from governance.access.repository import user_by_username
from governance.access.roles import SCOPE_KIND_BY_ROLE, Role, ScopeKind
from governance.access.users import create_user
from governance.people.models import Person
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.settings import Settings, get_settings
from migrations import upgrade_to_head

console = Console(stderr=True)


def create_user_command(
    username: Annotated[str, typer.Argument(help="Login name (stored lowercase).")],
    *,
    role: Annotated[Role, typer.Option(help="The role to grant.")],
    scope: Annotated[
        int | None,
        typer.Option(help="Supermarket id (cashier) or person id (resident)."),
    ] = None,
    region: Annotated[str | None, typer.Option(help="Region code (region roles).")] = None,
    person: Annotated[
        int | None,
        typer.Option(
            help="The person (persons.id) this account belongs to, for staff who live in the "
            "county: they may then not decide about their own household's points. Residents: "
            "their --scope."
        ),
    ] = None,
    display_name: Annotated[str | None, typer.Option(help="Shown name.")] = None,
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="GRASSROOTS_NEW_USER_PASSWORD",
            help="Asked for when not given (8 to 128 characters).",
        ),
    ] = "",
) -> None:
    """Create a user holding one role over one scope."""
    grant = _grant(role, region, scope)
    person_id = _person(grant, person)
    settings = get_settings()
    url = resolve_database_url(settings)
    upgrade_to_head(url)
    try:
        created = asyncio.run(
            _create(
                url,
                settings,
                username=username,
                password=password,
                display_name=display_name,
                grant=grant,
                person_id=person_id,
            )
        )
    except PasswordRejected as rejected:
        raise typer.BadParameter(str(rejected), param_hint="--password") from None
    except IntegrityError:
        # The database's CHECK and foreign key: the region must exist at the role's level.
        message = "the region does not exist or is not at the role's level"
        raise typer.BadParameter(message, param_hint="--region") from None
    if not created:
        raise typer.BadParameter(f"user {username!r} exists", param_hint="USERNAME")
    console.print(f"[green]created[/green] {username}: {role.value}")


def _grant(role: Role, region: str | None, scope: int | None) -> Grant:
    kind = SCOPE_KIND_BY_ROLE[role]
    if kind is ScopeKind.REGION and region is not None and scope is None:
        return Grant(role, region_code=region)
    if kind is ScopeKind.SUPERMARKET and scope is not None and region is None:
        return Grant(role, supermarket_id=scope)
    if kind is ScopeKind.OWN and scope is not None and region is None:
        return Grant(role, person_id=scope)
    raise typer.BadParameter(
        "region roles take --region; cashiers and residents take --scope", param_hint="--role"
    )


def _person(grant: Grant, person: int | None) -> int | None:
    """The account's own person: ``--person``, which for a resident is their ``--scope``."""
    if person is None:
        return grant.person_id
    if grant.person_id not in (None, person):
        raise typer.BadParameter("a resident's --person is their --scope", param_hint="--person")
    return person


async def _create(
    url: str,
    settings: Settings,
    *,
    username: str,
    password: str,
    display_name: str | None,
    grant: Grant,
    person_id: int | None,
) -> bool:
    engine = create_engine(url, settings)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            if await user_by_username(session, username.strip().lower()) is not None:
                return False
            if person_id is not None and await session.get(Person, person_id) is None:
                raise typer.BadParameter(f"no person has id {person_id}", param_hint="--person")
            await create_user(
                session,
                Passwords.from_settings(settings),
                username=username,
                password=password,
                display_name=display_name or username,
                grants=[grant],
                person_id=person_id,
            )
            return True
    finally:
        await engine.dispose()
