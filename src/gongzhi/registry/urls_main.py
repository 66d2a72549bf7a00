"""Registry pages: buildings, households, residents, tags, search, grid worker's pages."""

from django.urls import path

from gongzhi.registry import views, views_buildings, views_households

urlpatterns = [
    path("buildings/", views_buildings.building_list, name="building_list"),
    path("buildings/new/", views_buildings.building_create, name="building_create"),
    path("buildings/<int:pk>/", views_buildings.building_detail, name="building_detail"),
    path("buildings/<int:pk>/edit/", views_buildings.building_edit, name="building_edit"),
    path("buildings/<int:pk>/flats/", views_buildings.dwelling_list, name="dwelling_list"),
    path("buildings/<int:pk>/flats/new/", views_buildings.dwelling_create, name="dwelling_create"),
    path("flats/<int:pk>/edit/", views_buildings.dwelling_edit, name="dwelling_edit"),
    path("households/", views_households.household_list, name="household_list"),
    path("households/new/", views_households.household_create, name="household_create"),
    path("households/lookup.json", views_households.household_lookup, name="household_lookup"),
    path("households/<int:pk>/", views_households.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views_households.household_edit, name="household_edit"),
    path("households/<int:pk>/split/", views_households.household_split, name="household_split"),
    path("households/<int:pk>/merge/", views_households.household_merge, name="household_merge"),
    path("households/<int:pk>/head/", views_households.household_head, name="household_head"),
    path("households/<int:pk>/delete/", views_households.household_delete, name="household_delete"),
    path(
        "households/<int:household_pk>/visit/", views_households.visit_create, name="visit_create"
    ),
    path("residents/", views.resident_list, name="resident_list"),
    path("residents/new/", views.resident_create, name="resident_create"),
    path("residents/<int:pk>/", views.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/edit/", views.resident_edit, name="resident_edit"),
    path("residents/<int:pk>/move-out/", views.resident_move_out, name="resident_move_out"),
    path("residents/<int:pk>/household/", views.resident_transfer, name="resident_transfer"),
    path("residents/<int:pk>/death/", views.resident_death, name="resident_death"),
    path("residents/<int:pk>/phone/", views.resident_phone, name="resident_phone"),
    path("residents/<int:pk>/tags/", views.resident_tags, name="resident_tags"),
    path("residents/<int:pk>/account/", views.resident_account, name="resident_account"),
    path(
        "residents/<int:pk>/account/unlink/",
        views.resident_account_unlink,
        name="resident_account_unlink",
    ),
    path("me/verify/", views.verify_identity, name="verify_identity"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/new/", views.tag_create, name="tag_create"),
    path("tags/<int:pk>/edit/", views.tag_edit, name="tag_edit"),
    path("search/", views.search_page, name="search"),
    path("my-grid/", views.my_grid, name="my_grid"),
    path("my-households/", views.my_households, name="my_households"),
    path("visits/", views_households.visit_list, name="visit_list"),
    path(
        "visits/<int:pk>/followed-up/", views_households.visit_followed_up, name="visit_followed_up"
    ),
]
