"""The endpoints of a province's rule records (targets, criteria), built once for both: the
list of a province and a new one, one record and its change, stopping and resuming it.
Writes are the province administrator's, as on the web (the same form, the same audited
service, channel "api"); a rule of every province is changed only where the web lets it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from frontnet.audit.models import Channel
from frontnet.units.access import province_get_for_user, province_get_managed

from .base import Scoped, form_data, valid


@dataclass(frozen=True)
class RuleApi:
    name: str  # the service's keyword for the record: "target", "criterion"
    plural: str  # the URL's word: "targets", "criteria"
    serializer: type
    request: type  # the body, for the schema (the form checks it)
    form: type  # Form(data, province=, instance=)
    lists: tuple[str, ...]  # the form's multiple-choice fields
    of_province: Callable  # province -> the rules applying there
    get_for_user: Callable  # (user, pk) -> (rule, province), 404 out of scope
    can_edit: Callable  # (user, rule, province) -> bool
    create: Callable
    update: Callable
    set_active: Callable
    summaries: dict  # list, create, detail, update, deactivate, reactivate


def rule_urls(api: RuleApi) -> list:
    def editable(request, pk):
        rule, province = api.get_for_user(request.user, pk)
        if not api.can_edit(request.user, rule, province):
            raise PermissionDenied
        return rule, province

    class RuleList(Scoped, generics.ListCreateAPIView):
        serializer_class = api.serializer

        def get_queryset(self):
            province = province_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
            return api.of_province(province)

        @extend_schema(summary=api.summaries["list"])
        def get(self, request, *args, **kwargs):
            return super().get(request, *args, **kwargs)

        @extend_schema(
            summary=api.summaries["create"], request=api.request, responses={201: api.serializer}
        )
        def post(self, request, pk):
            province = province_get_managed(user=request.user, pk=pk)
            form = valid(api.form(form_data(request, lists=api.lists), province=province))
            rule = api.create(
                province=province, by=request.user, channel=Channel.API, **form.service_kwargs()
            )
            return Response(api.serializer(rule).data, status=status.HTTP_201_CREATED)

    class RuleDetail(Scoped, generics.GenericAPIView):
        serializer_class = api.serializer
        http_method_names = ["get", "patch", "options"]

        def get_object(self):
            return api.get_for_user(self.request.user, self.kwargs["pk"])[0]

        @extend_schema(summary=api.summaries["detail"])
        def get(self, request, pk):
            return Response(api.serializer(self.get_object()).data)

        @extend_schema(
            summary=api.summaries["update"], request=api.request, responses={200: api.serializer}
        )
        def patch(self, request, pk):
            rule, province = editable(request, pk)
            base = api.form(province=province, instance=rule).initial
            data = form_data(request, base=base, lists=api.lists)
            form = valid(api.form(data, province=province, instance=rule))
            rule = api.update(
                **{api.name: rule},
                province=province,
                by=request.user,
                channel=Channel.API,
                **form.service_kwargs(),
            )
            return Response(api.serializer(rule).data)

    def set_active_view(active: bool):
        class RuleSetActive(Scoped, generics.GenericAPIView):
            serializer_class = api.serializer
            http_method_names = ["post", "options"]

            def get_object(self):
                return api.get_for_user(self.request.user, self.kwargs["pk"])[0]

            @extend_schema(
                summary=api.summaries["reactivate" if active else "deactivate"],
                request=None,
                responses={200: api.serializer},
            )
            def post(self, request, pk):
                rule, province = editable(request, pk)
                rule = api.set_active(
                    **{api.name: rule},
                    active=active,
                    province=province,
                    by=request.user,
                    channel=Channel.API,
                )
                return Response(api.serializer(rule).data)

        RuleSetActive.__name__ = f"{api.name.title()}{'Reactivate' if active else 'Deactivate'}"
        return RuleSetActive.as_view()

    RuleList.__name__ = f"{api.name.title()}List"
    RuleDetail.__name__ = f"{api.name.title()}Detail"
    word = api.plural
    return [
        path(f"units/<int:pk>/{word}/", RuleList.as_view(), name=f"api_{api.name}_list"),
        path(f"{word}/<int:pk>/", RuleDetail.as_view(), name=f"api_{api.name}_detail"),
        path(
            f"{word}/<int:pk>/deactivate/",
            set_active_view(False),
            name=f"api_{api.name}_deactivate",
        ),
        path(
            f"{word}/<int:pk>/reactivate/",
            set_active_view(True),
            name=f"api_{api.name}_reactivate",
        ),
    ]
