from gongzhi.core.nav import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    menu = menu_for(user)
    return {"nav_menu": menu, "nav_mobile": [i for i in menu if i.mobile][:5]}
