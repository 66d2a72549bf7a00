"""Places and the street office's own records: streets, their units, departments,
communities (a new one gets its three bodies), grids, the street's list of committee duties."""

from gongzhi.org.actions._common import records
from gongzhi.org.models import CommitteeDuty, Community, Department, Grid, Street, StreetUnit

do_create_street, do_update_street, do_delete_street = records(Street, "street")
do_create_street_unit, do_update_street_unit, do_delete_street_unit = records(
    StreetUnit, "street_unit"
)
do_create_department, do_update_department, do_delete_department = records(Department, "department")
do_create_community, do_update_community, do_delete_community = records(Community, "community")
do_create_grid, do_update_grid, do_delete_grid = records(Grid, "grid")
do_create_committee_duty, do_update_committee_duty, do_delete_committee_duty = records(
    CommitteeDuty, "committee_duty"
)
