"""Forms of civil: they check the shape of input; the rules are in actions."""

from django import forms  # noqa: F401

from gongzhi.core.forms import style_widgets  # noqa: F401
