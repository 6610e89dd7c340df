"""partnerships/forms.py."""

import pytest
from django.core.exceptions import ValidationError

from partnerships.forms import ModelMultipleChoiceField
from partnerships.models import Body
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("chosen", [["1" * 40], ["-" + "9" * 30], [str(2**63)]])
def test_choosing_ids_no_column_can_hold_is_an_invalid_choice_not_a_500(chosen):
    """Found by the form fuzzing: on SQLite `pk__in=[10**40]` raises OverflowError."""
    BodyFactory()
    field = ModelMultipleChoiceField(queryset=Body.objects.all())
    with pytest.raises(ValidationError) as error:
        field.clean(chosen)
    assert error.value.code == "invalid_choice"


def test_real_ids_are_still_chosen():
    bodies = [BodyFactory(), BodyFactory()]
    field = ModelMultipleChoiceField(queryset=Body.objects.all())
    assert list(field.clean([str(b.pk) for b in bodies])) == bodies
