"""Every write of civil: `@action(permission) def do_<verb>(actor, obj_or_scope, …)`
(docs/architecture.md, "The contract"), one module per topic: `orgs` (organizations,
incubation, members, support, assessments), `leaders` (residents' leaders), `volunteers`
(registration, teams, activities, dispatch, sign-up, check-in/out, ratings), `ledger` (hours
entries, confirmation, reversing corrections), `recognition` (certificates), `timebank`
(deposits, spending, transfers, redemption requests). Screens, the API, the demo and commands
call these."""
