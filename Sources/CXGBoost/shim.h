// XGBoost's C API only: the C++ headers of libxgboost-dev must never reach Swift.
#include <xgboost/c_api.h>
