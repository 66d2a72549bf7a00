from django.urls import path

from gongzhi.org import views

app_name = "org"

urlpatterns = [
    path("", views.StreetOverview.as_view(), name="overview"),
    path("communities/<int:pk>/", views.CommunityDetail.as_view(), name="community"),
    path("committees/<int:pk>/", views.CommitteeDetail.as_view(), name="committee"),
    path("members/<int:pk>/end/", views.end_member, name="member_end"),
]

# Lists and forms: /org/<model>/, /org/<model>/add/, /org/<model>/<pk>/edit/
for _name, _view in views.CRUD_VIEWS.items():
    _model, _kind = _name.rsplit("_", 1)
    _route = {"list": f"{_model}/", "add": f"{_model}/add/", "edit": f"{_model}/<int:pk>/edit/"}[
        _kind
    ]
    urlpatterns.append(path(_route, _view.as_view(), name=_name))
