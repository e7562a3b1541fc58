"""A model store that keeps models in memory, with the same interface and rules as the file store."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from cq4ds.adapters.model_store import check_model_name, library_versions
from cq4ds.domain import ModelStoreError
from cq4ds.params import learned


@dataclass(kw_only=True)
class InMemoryModelStore:
    """Keeps trained models in memory for this session (tests, notebooks, the UI)."""

    models_: dict[str, tuple[Any, dict[str, Any]]] | None = learned()

    def save(self, name: str, model: Any, metadata: dict[str, Any]) -> str:
        """Store a copy of `model` and its metadata under `name`; return where it went."""
        check_model_name(name)
        if self.models_ is None:
            self.models_ = {}
        self.models_[name] = copy.deepcopy((model, {**metadata, "versions": library_versions()}))
        return f"memory:{name}"

    def load(self, name: str) -> tuple[Any, dict[str, Any]]:
        """Return a copy of the model saved as `name` and its metadata."""
        check_model_name(name)
        if name not in (self.models_ or {}):
            available = ", ".join(self.names()) or "none yet"
            raise ModelStoreError(f"no model named {name!r} in memory (available: {available})",
                                  "use one of the available names, or train and save the model first")
        return copy.deepcopy(self.models_[name])

    def names(self) -> list[str]:
        """The stored models' names, sorted."""
        return sorted(self.models_ or {})
