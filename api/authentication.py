"""`Authorization: Bearer fitp_…`: the personal token of one user; the API then sees what that user sees."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after “Bearer ”, without spaces."))
        try:
            token = header[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("This is not a valid token.")) from error
        row = ApiToken.objects.authenticate(token)
        if row is None:
            raise exceptions.AuthenticationFailed(_("This token does not exist or has been revoked."))
        row.mark_used()
        return (row.user, row)

    def authenticate_header(self, request):
        return self.keyword
