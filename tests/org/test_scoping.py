from gongzhi.org.models import Community, Grid, Street


def test_grid_worker_sees_only_own_grid(users, world):
    alice = users["grid_worker"]
    assert list(Grid.objects.visible_to(alice)) == [world["g1"]]
    assert list(Community.objects.visible_to(alice)) == [world["c1"]]
    assert list(Street.objects.visible_to(alice)) == [world["s1"]]


def test_street_admin_sees_own_street_only(users, world):
    admin = users["street_admin"]
    assert set(Grid.objects.visible_to(admin)) == {world["g1"], world["g2"], world["g3"]}
    assert set(Community.objects.visible_to(admin)) == {world["c1"], world["c2"]}


def test_user_without_role_sees_nothing(users):
    assert not Community.objects.visible_to(users["nobody"]).exists()
