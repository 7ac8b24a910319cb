"""``python -m stgcn_kit TOOL ARGS...``: see :mod:`stgcn_kit.run_tool`."""
from stgcn_kit.run_tool import main

if __name__ == '__main__':
    main()
