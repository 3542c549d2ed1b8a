"""What every API view shares. `Scoped` keeps the rule of the web (units/access.py): an id
outside the user's scope answers 404 before a wrong method answers 405."""

from rest_framework.mixins import ListModelMixin


class Scoped:
    def http_method_not_allowed(self, request, *args, **kwargs):
        if "pk" in kwargs:
            # Look the object up first: a 404 here says nothing about the method.
            if isinstance(self, ListModelMixin):
                self.get_queryset()
            else:
                self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)
