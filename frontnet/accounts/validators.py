"""Django's password validators, with the one message Django 6.1's Vietnamese catalogue
misses: the minimum length error changed its wording (%(min_length)d became %d) and the
shipped vi translation no longer matches, so it showed in English."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import ngettext


class VietnameseMinimumLengthValidator(MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}
