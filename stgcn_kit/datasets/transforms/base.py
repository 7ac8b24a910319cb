"""What every transform here shares: errors that name the sample they are about."""


def sample_error(results: dict, message: str) -> ValueError:
    """A ``ValueError`` naming the sample (its ``frame_dir``) that ``message`` is about."""
    return ValueError(f'sample {results.get("frame_dir", "<no frame_dir>")!r}: {message}')
