"""REST API of self-government under /api/selfgov/…: terms, elections (with their register,
candidates, stations and results), assemblies, petitions, charters, notices and estate
management — all scoped by `visible_to` (out of scope: 404). Voting by API only for the
paper tally entry (`tally-sheets`, two clerks) and for an authenticated voter's own secret
ballot (`elections/{id}/ballot/`, answering the receipt code). Each write calls its action
(selfgov.actions). Split: serializers, elections, assemblies, notices (charter, notices,
property), urls."""

from gongzhi.selfgov.api.assemblies import AssemblyAttendSerializer

__all__ = ["AssemblyAttendSerializer"]  # the sign-in's input (its text rule is tested in core)
