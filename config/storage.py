"""Private file storage: under MEDIA_ROOT, never behind a URL; views serve files after a
permission check."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateFileStorage(FileSystemStorage):
    """MEDIA_ROOT/<subdirectory>, looked up when used rather than fixed at import, so that a
    changed MEDIA_ROOT (a deployment's environment, a test's settings fixture) is followed."""

    def __init__(self, subdirectory):
        self.subdirectory = subdirectory
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, self.subdirectory)
