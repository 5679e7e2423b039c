"""QuietFooter: Textual's Footer, rebuilt only when the keys it shows really change.

Textual's Footer recomposes every key each time the screen's bindings are
updated (focus moving, the screen resuming, a modal closing), although the keys
are nearly always the same; and each new key then restyles itself once or twice
for its `compact` setting. On a screen with a dozen keys that is most of what
opening the screen costs. This module imports Textual only, so the home screen
can use it before the workspace is open.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from okr_tui.i18n import _
from widgets.quiet import SettledSize

ShownKey = tuple[str, str, str, str, bool, str, str]
"""What one key looks like in the footer: key, display, description, action, enabled,
tooltip, group."""


class QuietFooter(Footer):
    """A Footer that recomposes only when the keys it shows change.

    It still follows every real change: a binding shown or hidden (by
    `check_action` returning False, or by focus moving to a widget with keys
    of its own), enabled or disabled (`check_action` returning None), or a
    different description.

    `at_once=True` composes the keys with the screen, so they are in its first
    frame and no rebuild follows; the home screen leaves it off, because its
    first frame is drawn before anything else and the keys can come a frame later.
    """

    def __init__(self, *, at_once: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._ready = at_once
        if at_once:
            self.set_reactive(Footer._bindings_ready, True)
        self._pending = False
        self._shown: tuple[ShownKey, ...] = ()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Its scrollbars take no room (scrollbar-size 0), so keys of a new width move
        # nothing else on the screen: the layout that gave them their width was enough
        # (Textual would lay the screen out again for a new scrollable width).
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def shown_keys(self) -> tuple[ShownKey, ...]:
        """The keys the footer would show for the screen's bindings right now."""
        app = self.app
        return tuple(
            (
                binding.key,
                app.get_key_display(binding),
                _(binding.description),
                binding.action,
                enabled,
                _(tooltip),
                _(binding.group.description) if binding.group is not None else "",
            )
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        self._pending = False
        if self._ready:
            self._shown = self.shown_keys()
        for widget in super().compose():
            if type(widget).__name__ == "FooterKey":
                # Descriptions are marked where the keys are declared and read in the
                # language spoken now, so a change of language reaches them too.
                key: Any = widget
                key.description = _(key.description)
                if key.tooltip:
                    key.tooltip = _(str(key.tooltip))
                # Textual binds every key to the footer's `compact` except the palette's,
                # which keeps its own default (compact).
                palette = widget.has_class("-command-palette")
                if not palette and not widget.has_class("-grouped"):
                    widget = settled_key(key)
                prepare_key(widget, compact=True if palette else self.compact)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        will_recompose = screen.app.app_focus and self.is_attached and screen is self.screen
        # A recompose already on its way reads the bindings when it runs.
        if will_recompose and self._ready and (self._pending or self.shown_keys() == self._shown):
            return
        if will_recompose and self._ready and self._relabel():
            return
        self._ready = True
        self._pending = bool(will_recompose)
        super().bindings_changed(screen)

    def _relabel(self) -> bool:
        """Show the new keys on the keys already mounted (adding or removing the difference).

        A workshop's focus moves to each step's own widget as the room moves on, and with
        it the keys: a recompose would remove every key, mount new ones, style them and lay
        out the screen twice more. False when this footer's keys are not all plain (a group
        of keys, the palette's key): then it recomposes as Textual's Footer does.
        """
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            return False
        mounted = list(self.children)
        if any(not isinstance(key, FooterKey) or key.has_class("-grouped") for key in mounted):
            return False
        wanted = self._wanted()
        if wanted is None:
            return False
        for key, (binding, enabled, tooltip) in zip(mounted, wanted, strict=False):
            assert isinstance(key, FooterKey)
            label = (
                binding.key,
                self.app.get_key_display(binding),
                _(binding.description),
                binding.action,
                not enabled,
                _(tooltip) if tooltip else None,
            )
            if label == (
                key.key,
                key.key_display,
                key.description,
                key.action,
                key._disabled,
                key.tooltip,
            ):
                continue  # the same key in the same place (Next, Prev): nothing to redraw
            key.key, key.key_display, key.description, key.action, key._disabled = label[:5]
            key.set_class(not enabled, "-disabled")
            key.tooltip = label[5]
            key.refresh(layout=True)
        for key in mounted[len(wanted) :]:
            key.remove()
        extra = []
        with self._context():  # a key binds to the footer it is made in (`data_bind`)
            for binding, enabled, tooltip in wanted[len(mounted) :]:
                key = SettledKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    _(binding.description),
                    binding.action,
                    disabled=not enabled,
                    tooltip=_(tooltip) if tooltip else "",
                ).data_bind(compact=Footer.compact)
                prepare_key(key, compact=self.compact)
                extra.append(key)
        if extra:
            self.mount_all(extra)
        self._shown = self.shown_keys()
        return True

    def _wanted(self) -> list[tuple[Binding, bool, str]] | None:
        """The keys Footer.compose would make, one per action; None when some are grouped."""
        first: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show:
                continue
            if binding.group is not None:
                return None
            first.setdefault(binding.action, (binding, enabled, tooltip))
        return list(first.values())


class SettledKey(FooterKey, SettledSize):
    """A footer key whose new width does not lay the screen out a second time."""


def settled_key(key: FooterKey) -> SettledKey:
    """The same key as Textual's Footer made it, as a SettledKey (bound to `compact`)."""
    tooltip = key.tooltip
    return SettledKey(
        key.key,
        key.key_display,
        key.description,
        key.action,
        disabled=key._disabled,
        tooltip=str(tooltip) if tooltip else "",
        classes=" ".join(c for c in key.classes if c != "-disabled"),
    ).data_bind(compact=Footer.compact)


def prepare_key(key: Widget, *, compact: bool) -> None:
    """Give a new FooterKey its `compact` value and class before it mounts.

    A FooterKey starts compact and is then bound to the footer's setting: each
    change restyles the key (and a non-compact footer changes every key once on
    mount). Set up front, neither the watcher nor the binding has anything to do.
    """
    key.set_reactive(type(key).compact, compact)  # type: ignore[attr-defined]
    key.set_class(compact, "-compact", update=False)
