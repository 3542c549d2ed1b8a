"""What the API's model serializers share: they only answer. Input is checked by the web's
forms (base.FormWrite), never written through a serializer."""

from rest_framework import serializers


class ReadOnlyModelSerializer(serializers.ModelSerializer):
    # Every field of Meta.fields read-only, as `read_only_fields = fields` would say.
    def get_extra_kwargs(self):
        extra = super().get_extra_kwargs()
        for name in self.Meta.fields:
            extra[name] = {**extra.get(name, {}), "read_only": True}
        return extra
