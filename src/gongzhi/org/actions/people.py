"""People and providers: staff (their community, unit, station and working group belong
together), dispatched cadres, care providers, care centres."""

from gongzhi.org.actions._common import records
from gongzhi.org.models import CareCentre, DispatchedCadre, Provider, Staff

do_create_staff, do_update_staff, do_delete_staff = records(Staff, "staff")
do_create_dispatched_cadre, do_update_dispatched_cadre, do_delete_dispatched_cadre = records(
    DispatchedCadre, "dispatched_cadre"
)
do_create_provider, do_update_provider, do_delete_provider = records(Provider, "provider")
do_create_care_centre, do_update_care_centre, do_delete_care_centre = records(
    CareCentre, "care_centre"
)
