from django.urls import path

from gongzhi.selfgov import views

app_name = "selfgov"

urlpatterns = [
    path("", views.election_list, name="election_list"),
    path("terms/", views.term_list, name="term_list"),
    path("elections/new/", views.election_create, name="election_create"),
    path("elections/<int:pk>/", views.election_detail, name="election_detail"),
    # the election's steps, one POST route each (election_action: the old single route)
    path("elections/<int:pk>/action/", views.election_action, name="election_action"),
    *[
        path(f"elections/<int:pk>/{name.replace('_', '-')}/", view, name=f"election_{name}")
        for name, view in views.STEPS.items()
    ],
    path("elections/<int:pk>/people/", views.election_people, name="election_people"),
    path("elections/<int:pk>/tally/", views.election_tally, name="election_tally"),
    path(
        "elections/<int:pk>/register.pdf", views.election_register_pdf, name="election_register_pdf"
    ),
    path(
        "elections/<int:pk>/certificate.pdf",
        views.election_certificate,
        name="election_certificate",
    ),
    path("elections/<int:pk>/vote/", views.election_vote, name="election_vote"),
    path("assemblies/", views.assembly_list, name="assembly_list"),
    path("assemblies/new/", views.assembly_create, name="assembly_create"),
    path("assemblies/petition/", views.petition_create, name="petition_create"),
    path("assemblies/<int:pk>/", views.assembly_detail, name="assembly_detail"),
    path("assemblies/<int:pk>/people/", views.assembly_people, name="assembly_people"),
    # the assembly's steps, one POST route each (assembly_action: the old single route)
    path("assemblies/<int:pk>/action/", views.assembly_action, name="assembly_action"),
    *[
        path(f"assemblies/<int:pk>/{name.replace('_', '-')}/", view, name=f"assembly_{name}")
        for name, view in views.ASSEMBLY_STEPS.items()
    ],
    path("charter/", views.charter_list, name="charter_list"),
    path("charter/new/", views.charter_create, name="charter_create"),
    # the filing's steps (actions.FILING), one POST route each
    *[
        path(f"charter/<int:pk>/{name}/", view, name=f"charter_{name}")
        for name, view in views.CHARTER_STEPS.items()
    ],
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/print.pdf", views.notice_pdf, name="notice_pdf"),
    path("property/", views.property_coverage, name="property"),
    path("property/edit/", views.property_edit, name="property_edit"),
]
