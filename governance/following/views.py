"""Following a body by email (seed 003): the follow form, confirming, unsubscribing."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from partnerships.access import public
from partnerships.forms import add_service_errors, posted
from partnerships.models import Body
from partnerships.policy import body_get_for_user

from . import services
from .forms import FollowForm


@public
def follow(request, slug):
    body = body_get_for_user(request.user, slug, Body.objects.filter(public=True))
    if not services.can_follow(body):
        raise Http404("This body cannot be followed.")
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = FollowForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow(email=form.cleaned_data["email"], body=body, base_url=request.build_absolute_uri("/"))
        except ValidationError as error:
            add_service_errors(form, error)
        except OSError:  # the mail server refused (smtplib's errors are OSErrors): say so
            form.add_error(None, "We could not send the email just now. Please try again in a few minutes.")
        else:
            # The same answer whether the address was new, pending or already following.
            return render(request, "governance/following/follow_sent.html", {"body": body})
    return render(request, "governance/following/follow.html", {"body": body, "form": form})


def _token_problem(request, message, status):
    return render(request, "governance/following/link_problem.html", {"message": message}, status=status)


@public
def follow_confirm(request, token):
    try:
        subscription = services.subscription_to_confirm(token)
    except services.BadToken as problem:
        return _token_problem(request, problem.message, 400)
    except services.UnknownSubscription:
        return _token_problem(request, "This subscription no longer exists. Follow the body again to start afresh.", 404)
    done = None
    if request.method == "POST":
        try:
            services.confirm(subscription)
        except ValidationError as error:
            return _token_problem(request, " ".join(error.messages), 400)
        done = True
        subscription.refresh_from_db()
    return render(request, "governance/following/follow_confirm.html", {
        "subscription": subscription, "body": subscription.body, "done": done,
    })


# Mail clients send RFC 8058's one-click POST without a CSRF token; the signed token in the URL
# is what authorises it, and all it can do is stop emails to that address.
@public
@csrf_exempt
def unsubscribe(request, token):
    try:
        subscription = services.subscription_to_cancel(token)
    except services.BadToken as problem:
        return _token_problem(request, problem.message, 400)
    except services.UnknownSubscription:
        return _token_problem(request, "This subscription no longer exists: no more emails will be sent for it.", 404)
    if request.method == "POST":
        services.unsubscribe(subscription)
        subscription.refresh_from_db()
    return render(request, "governance/following/unsubscribe.html", {
        "subscription": subscription, "body": subscription.body,
    })


