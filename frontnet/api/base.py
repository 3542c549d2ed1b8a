"""What every API view shares. `Scoped` keeps the rule of the web (units/access.py): an id
outside the user's scope answers 404 before a wrong method answers 405. `FormWrite` (and
`Action`, a POST of its own) writes as the web's form and service do; `Reading` (`Report`,
`Detail`) answers a GET. A view declares its parts; these give it its handlers and schema."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.mixins import ListModelMixin
from rest_framework.response import Response

from frontnet.audit.models import Channel


class Scoped:
    # The view's one object: `lookup(user=, pk=)` from the app's selectors or the access
    # module (404 out of scope); a view that needs more defines get_object itself.
    lookup = None

    def get_object(self):
        if self.lookup is None:
            return super().get_object()
        return type(self).lookup(user=self.request.user, pk=self.kwargs["pk"])

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The database refuses NUL in text: say which parameter, never a 500.
        bad = [k for k, v in request.query_params.lists() if any("\x00" in x for x in v)]
        if bad:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({k: [_("Có ký tự không hợp lệ.")] for k in bad})

    def http_method_not_allowed(self, request, *args, **kwargs):
        if "pk" in kwargs:
            # Look the object up first: a 404 here says nothing about the method.
            if isinstance(self, ListModelMixin):
                self.get_queryset()
            else:
                self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)


def _as_text(value) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    return str(value)


def _as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    values = value if isinstance(value, list | tuple) else [value]
    return [_as_text(getattr(v, "pk", v)) for v in values]


def form_data(request, *, base: dict | None = None, lists: tuple[str, ...] = ()):
    """The request body as a form would read a web POST: every value a string, so a JSON
    number, list or object reaches the same field rules as typed text (never a 500); the
    fields named in `lists` (a multiple choice) a list of strings. `base` (a form's initial
    values) fills the fields left out: a PATCH changes only what it sends."""
    from rest_framework.exceptions import ValidationError

    data = request.data
    if not hasattr(data, "items"):
        raise ValidationError({"non_field_errors": [_("Nội dung gửi lên phải là một đối tượng.")]})
    if hasattr(data, "getlist") and base is None and not lists:
        return data  # multipart: the files come with it
    if hasattr(data, "getlist"):
        data = {k: (data.getlist(k) if k in lists else data.get(k)) for k in data}
    out = {}
    for key, value in [*(base or {}).items(), *data.items()]:
        out[key] = _as_list(value) if key in lists else _as_text(value)
    return out


def valid(form):
    """The form, checked by its own rules; its errors, per field, are the 400's `errors`."""
    from rest_framework.exceptions import ValidationError

    if not form.is_valid():
        errors = {
            ("non_field_errors" if k == "__all__" else k): [str(m) for m in v]
            for k, v in form.errors.items()
        }
        raise ValidationError(errors)
    return form


def uploaded_files(request):
    """The request's files; a file the upload handler stopped while it streamed in (past
    FRONTNET_UPLOAD_MAX_BYTES) is a 413 with the web's message."""
    from frontnet.core.uploads import refused_message

    from .problems import FileTooLarge

    files = request.FILES  # parsing the body lets the upload handler mark a refused file
    if refused := refused_message(request._request):
        raise FileTooLarge(refused)
    return files


# Comments, not docstrings, on the view classes below: drf-spectacular would publish a
# docstring as the description of every operation of every subclass.


class FormWrite:
    # One write on the URL's object as the web's form does it: the object (`editable`, when
    # set, says 403 to who may only see it; else `lookup`), `allowed` (else 403), the web's
    # form over the body, the audited service with channel "api", the answer serialized. A
    # subclass declares these (or its own `perform`); `summary` (with `body`, the request's
    # schema) gives it its `method` handler and the handler's schema. Mixed into a list view
    # it is that list's POST.
    method = "post"
    editable = None  # (user=, pk=) -> the object to change
    form = None  # the web's form; None: the action reads no body
    files = False  # the form takes request.FILES after the data
    on = ""  # the service's keyword for the object ("" for none)
    service = None  # service(<on>=obj, by=, channel="api", **the form's values)
    fields = None  # {service keyword: form field}; None: form.service_kwargs()
    success = 200  # or 201 Created, 202 Accepted
    output = None  # the answer's serializer (or schema type); None: serializer_class
    summary = None
    body = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "summary" not in cls.__dict__:
            return

        def handler(self, request, *args, **kwargs):
            return self.write(request)

        answer = cls.output or cls.serializer_class
        schema = extend_schema(
            summary=cls.summary, request=cls.body, responses={cls.success: answer}
        )
        setattr(cls, cls.method, schema(handler))

    def target(self):
        if self.editable is None:
            return self.get_object()
        return type(self).editable(user=self.request.user, pk=self.kwargs["pk"])

    def allowed(self, obj) -> bool:
        return True

    def form_input(self, obj):
        # A PATCH changes only what it sends: the form's initial values fill the rest.
        base = self.form(**self.form_kwargs(obj)).initial if self.method == "patch" else None
        return form_data(self.request, base=base)

    def form_kwargs(self, obj) -> dict:
        return {}

    def values(self, form) -> dict:
        if self.fields is None:
            return form.service_kwargs()
        return {key: form.cleaned_data[field] for key, field in self.fields.items()}

    def perform(self, obj):
        values = {}
        if self.form is not None:
            kwargs = self.form_kwargs(obj)  # may refuse (404) before the body is read
            data = self.form_input(obj)
            files = (self.request.FILES,) if self.files else ()
            values = self.values(valid(self.form(data, *files, **kwargs)))
        on = {self.on: obj} if self.on else {}
        return type(self).service(**on, by=self.request.user, channel=Channel.API, **values)

    def answer(self, result):
        serializer = (self.output or self.get_serializer_class())(
            result, context=self.get_serializer_context()
        )
        return Response(serializer.data, status=self.success)

    def write(self, request):
        obj = self.target()
        if not self.allowed(obj):
            raise PermissionDenied
        return self.answer(self.perform(obj))


class Action(FormWrite, Scoped, generics.GenericAPIView):
    # A POST of its own (`/<thing>/<pk>/<verb>/`).
    http_method_names = ["post", "options"]


class Reading:
    # A GET that answers what `read()` gives (by default the URL's object), serialized by
    # serializer_class (`many`: a list, not paginated: with many, the view says
    # pagination_class = None so the schema agrees). `read_summary` (with `read_parameters`)
    # gives the view its `get` and the schema of it.
    many = False
    read_summary = None
    read_parameters = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "read_summary" not in cls.__dict__:
            return

        def get(self, request, *args, **kwargs):
            return Response(self.get_serializer(self.read(), many=self.many).data)

        schema = {"summary": cls.read_summary}
        if cls.read_parameters:
            schema["parameters"] = list(cls.read_parameters)
        if cls.many:
            schema["responses"] = {200: cls.serializer_class(many=True)}
        cls.get = extend_schema(**schema)(get)

    def read(self):
        return self.get_object()


class Report(Reading, Scoped, generics.GenericAPIView):
    # A read of its own (a table, a rollup of the URL's object).
    pagination_class = None
    http_method_names = ["get", "options"]


class Detail(Reading, FormWrite, Scoped, generics.GenericAPIView):
    # One object: its GET, and its PATCH through the web's form (only what is sent changes).
    http_method_names = ["get", "patch", "options"]
    method = "patch"
