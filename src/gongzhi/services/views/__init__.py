"""Screens of one-window services. Thin: rules in services.actions, rows from visible_to().
Split by topic: menu, requests, desk, stats, opinions, online (residents' phone
pages), public; the menu's editing screens are services.views_catalog."""

from gongzhi.services.models import Opinion, ServiceItem, ServiceRequest
from gongzhi.services.views.desk import desk
from gongzhi.services.views.menu import (
    catalog,
    item_detail,
)
from gongzhi.services.views.online import (
    my_new,
    my_request,
    my_requests,
    servicerequest_rate,
    servicerequest_withdraw,
)
from gongzhi.services.views.opinions import (
    opinion_answer,
    opinion_convert,
    opinion_create,
    opinion_detail,
    opinion_list,
)
from gongzhi.services.views.public import (
    rate_by_link,
    track,
)
from gongzhi.services.views.requests import (
    REQUEST_STATES,
    decision_pdf,
    receipt_pdf,
    request_act,
    request_detail,
    request_list,
    request_rate,
    request_supervise,
)
from gongzhi.services.views.stats import stats

# The model each route's <pk> names (read by the permission-matrix test).
for _view in (
    request_detail,
    request_act,
    request_supervise,
    request_rate,
    receipt_pdf,
    servicerequest_withdraw,
    servicerequest_rate,
    my_request,
):
    _view.model = ServiceRequest
for _view in (opinion_detail, opinion_answer, opinion_convert):
    _view.model = Opinion
item_detail.model = ServiceItem

__all__ = [
    "REQUEST_STATES",
    "catalog",
    "decision_pdf",
    "desk",
    "item_detail",
    "my_new",
    "my_request",
    "my_requests",
    "opinion_answer",
    "opinion_convert",
    "opinion_create",
    "opinion_detail",
    "opinion_list",
    "rate_by_link",
    "receipt_pdf",
    "request_act",
    "request_detail",
    "request_list",
    "request_rate",
    "request_supervise",
    "servicerequest_rate",
    "servicerequest_withdraw",
    "stats",
    "track",
]
