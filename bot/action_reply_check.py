"""Rasa's check of every action server reply, with the schema compiled once instead of at every call.

Why: Rasa 3.6 checks each reply with `jsonschema.validate(reply, schema)`, which first checks
Rasa's own constant schema against the JSON Schema meta-schema, on every call. Profiling the
REST channel put 6% of Rasa's time per message in that re-check (docs/benchmarks.md). The reply
is still checked against the same schema, and a bad reply fails with the same error and message.
Installed by our channel modules, which Rasa imports at start-up (credentials.yml).
"""

from __future__ import annotations

from typing import Any, Dict, Text

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

RASA_CHECK = RemoteAction._validate_action_result  # Rasa's own, kept for comparison
_SCHEMA = RemoteAction.action_response_format_spec()
_VALIDATOR = validator_for(_SCHEMA)(_SCHEMA)  # the class jsonschema.validate() would pick


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    error = best_match(_VALIDATOR.iter_errors(result))  # the error jsonschema.validate() would raise
    if error is not None:  # worded as Rasa words it
        error.message += (
            f". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
