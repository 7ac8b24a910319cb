from stgcn_kit.utils.quote import excerpt


def test_short_values_are_their_repr():
    assert excerpt('walk') == "'walk'" and excerpt(3.7) == '3.7' and excerpt(None) == 'None'
    assert excerpt(2**64) == '18446744073709551616'


def test_long_text_is_cut_with_its_length_said():
    shown = excerpt('x' * 400_000 + '\n')
    assert shown == repr('x' * 80) + '... (400001 characters)'
    assert excerpt(list(range(1000))).endswith('... (4890 characters)')


def test_control_characters_and_huge_integers_stay_on_one_line():
    assert excerpt('a\nb\rc') == "'a?b?c'"
    assert excerpt(10**5000) == f'<an integer of {(10**5000).bit_length()} bits>'
