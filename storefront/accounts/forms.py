"""Account forms (Flask-WTF: CSRF and validation). Messages are lazy so they follow the storefront."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from ..i18n.translate import lazy_gettext as _l
from .services import MIN_PASSWORD

REQUIRED = InputRequired(message=_l("Please fill this in."))
EMAIL = Email(message=_l("This doesn't look like an e-mail address."), check_deliverability=False)
STRONG = Length(min=MIN_PASSWORD, max=200, message=_l("At least %(num)d characters, please.", num=MIN_PASSWORD))


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[REQUIRED, EMAIL])
    password = PasswordField(_l("Password"), validators=[REQUIRED])
    remember = BooleanField(_l("Remember me on this device"))


class SignupForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[REQUIRED, EMAIL])
    password = PasswordField(_l("Password"), validators=[REQUIRED, STRONG])


class ConfirmSignupForm(FlaskForm):
    """The button an e-mailed sign-up link opens: a form, so that only a person's click creates the account."""


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[REQUIRED, EMAIL])


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[REQUIRED, STRONG])
    confirm = PasswordField(_l("New password, again"), validators=[REQUIRED, EqualTo("password", message=_l("The two passwords differ."))])


class ChangePasswordForm(ResetForm):
    current = PasswordField(_l("Current password"), validators=[REQUIRED])


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New e-mail"), validators=[REQUIRED, EMAIL])
    current = PasswordField(_l("Current password"), validators=[REQUIRED])


class CreateAccountForm(FlaskForm):
    """After a guest checkout: an account for the e-mail just used."""

    password = PasswordField(_l("Choose a password"), validators=[REQUIRED, STRONG])
