{#- The recorder's configuration, for the frameworks whose X-Ray integration does not make it
    from settings (all but Django); aiohttp passes its own context. -#}
{%- set aiohttp = cookiecutter.framework == "aiohttp" -%}
def configure_recorder({% if aiohttp %}**settings{% endif %}):
    """Configure X-Ray's recorder and patch what the SDK can patch (SQLite, botocore, ...)."""
    # Imported only now, after the check of the daemon address.
    from aws_xray_sdk.core import patch_all, xray_recorder

    tame("X-Ray tracing", "aws_xray_sdk")
    xray_recorder.configure(
        emitter=RedactingEmitter.around(xray_recorder.emitter),
        service=SERVICE_NAME,  # AWS_XRAY_TRACING_NAME wins over this
        daemon_address=DEFAULT_DAEMON_ADDRESS,  # AWS_XRAY_DAEMON_ADDRESS wins over this
        sampling=not sample_all(),
        # Code that runs outside a {% if cookiecutter.framework == "celery" %}task{% else %}request{% endif %} (start-up, scripts) logs instead of raising.
        context_missing="LOG_ERROR",
{%- if aiohttp %}
        **settings,
{%- endif %}
    )
    patch_all()
    return xray_recorder
{#- (ends here: the including file spaces what follows) -#}
