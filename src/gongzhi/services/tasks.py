"""Background tasks of the services app (django-tasks)."""

from django_tasks import task

from gongzhi.core.masking import mask_phone


@task()
def send_notification(request_id: int, event: str, note: str = "") -> bool:
    from gongzhi.services.models import ServiceRequest
    from gongzhi.services.notifications import get_sender, message_for

    req = ServiceRequest.objects.select_related("item").filter(pk=request_id).first()
    if req is None:
        return False
    recipient = {
        "name": req.applicant_name,
        "phone": req.applicant_phone,
        "email": req.applicant_email,
        "masked": mask_phone(req.applicant_phone) or req.applicant_email,
    }
    if not (recipient["phone"] or recipient["email"]):
        return False
    return get_sender().send(recipient, message_for(req, event, note))
