"""Objects of core for the permission matrix (tests/test_permission_matrix.py): one
notification for every user, so each opens their own and gets 404 for anyone else's."""

from gongzhi.core.models import Notification


def build(world, users):
    for user in users.values():
        Notification.objects.create(user=user, text="测试通知", url="/")
