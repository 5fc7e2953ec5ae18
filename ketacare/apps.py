from django.apps import AppConfig


class KetacareConfig(AppConfig):
    name = "ketacare"
    verbose_name = "KetaCare"
