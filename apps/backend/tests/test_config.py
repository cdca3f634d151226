from app.config import Settings, normalize_database_url, redact_database_url


def test_driver_suffix_is_dropped() -> None:
    assert normalize_database_url("postgresql+psycopg://u:p@h:5432/db") == "postgresql://u:p@h:5432/db"
    assert normalize_database_url("postgresql+asyncpg://u:p@h/db?sslmode=require") == (
        "postgresql://u:p@h/db?sslmode=require"
    )
    assert normalize_database_url("postgresql://u:p@h/db") == "postgresql://u:p@h/db"
    assert normalize_database_url("postgres://u:p@h/db") == "postgres://u:p@h/db"


def test_settings_from_env() -> None:
    s = Settings.from_env(
        {
            "DATABASE_URL": "postgresql+psycopg://app:s3cr3t-pw@db.example:5432/todo",
            "LOG_LEVEL": "debug",
            "ALLOWED_ORIGINS": "http://a.example, http://b.example,,",
            "BETTER_AUTH_SECRET": "auth-secret-value",
            "OPENAI_API_KEY": "sk-test-value",
        }
    )
    assert s.database_url == "postgresql://app:s3cr3t-pw@db.example:5432/todo"
    assert s.log_level == "DEBUG"
    assert s.allowed_origins == ("http://a.example", "http://b.example")
    assert sorted(s.secret_values()) == ["auth-secret-value", "s3cr3t-pw", "sk-test-value"]
    text = repr(s) + str(s.summary())
    for secret in s.secret_values():
        assert secret not in text
    assert s.summary()["database"] == "postgresql://db.example:5432/todo"


def test_defaults_and_bad_level() -> None:
    s = Settings.from_env({"LOG_LEVEL": "loud"})
    assert s.log_level == "INFO"
    assert s.database_url == ""
    assert s.allowed_origins == ()
    assert redact_database_url("") == "(unset)"
